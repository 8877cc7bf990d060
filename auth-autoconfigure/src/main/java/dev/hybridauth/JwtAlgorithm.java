package dev.hybridauth;

/**
 * The signature algorithms hybrid-auth can sign session JWTs with
 * ({@code hybrid-auth.jwt.algorithm}).
 */
public enum JwtAlgorithm {

	/**
	 * RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key: the fastest to verify on the
	 * JVM.
	 */
	RS256,

	/**
	 * ECDSA with P-256 and SHA-256: small keys and signatures, slow to verify on Java 17.
	 */
	ES256,

	/** Ed25519; needs the optional {@code com.google.crypto.tink:tink} library. */
	EdDSA

}
