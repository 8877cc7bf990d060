package dev.hybridauth.token;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The signature algorithms hybrid-auth signs session JWTs with.
 */
public enum JwtAlgorithm {

    /** RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key: the fastest to verify on the JVM. */
    RS256(JWSAlgorithm.RS256),

    /** ECDSA with P-256 and SHA-256: small keys and signatures, slow to verify on Java 17. */
    ES256(JWSAlgorithm.ES256),

    /** Ed25519; needs the optional {@code com.google.crypto.tink:tink} library. */
    EdDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jwsAlgorithm;

    JwtAlgorithm(JWSAlgorithm jwsAlgorithm) {
        this.jwsAlgorithm = jwsAlgorithm;
    }

    public JWSAlgorithm jwsAlgorithm() {
        return jwsAlgorithm;
    }

    public static JwtAlgorithm of(JWSAlgorithm algorithm) {
        for (JwtAlgorithm candidate : values()) {
            if (candidate.jwsAlgorithm.equals(algorithm)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("Unsupported session JWT algorithm: " + algorithm);
    }

}
