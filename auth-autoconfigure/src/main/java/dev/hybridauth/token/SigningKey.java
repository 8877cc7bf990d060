package dev.hybridauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.hybridauth.JwtAlgorithm;

/**
 * One key of the session JWT key set: its id, its algorithm (a key verifies only the
 * algorithm it was made for), its public JWK, and, when this node may sign with it, the
 * private part.
 */
public final class SigningKey {

	private final String keyId;

	private final JwtAlgorithm algorithm;

	private final JWK jwk;

	private final JWSVerifier verifier;

	private SigningKey(JWK jwk, JwtAlgorithm algorithm) throws JOSEException {
		this.keyId = jwk.getKeyID();
		this.algorithm = algorithm;
		this.jwk = jwk;
		this.verifier = verifier(jwk.toPublicJWK());
	}

	/**
	 * Makes a key of a JWK for one algorithm, checking that the JWK has an id and is a
	 * key of that algorithm.
	 * @param jwk a JWK with a {@code kid}; private or public
	 * @param algorithm the one algorithm this key is used with
	 * @return the key
	 * @throws IllegalArgumentException when the key has no id or does not fit the
	 * algorithm
	 */
	public static SigningKey of(JWK jwk, JwtAlgorithm algorithm) {
		if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
			throw new IllegalArgumentException("A session JWT key needs a key id (kid)");
		}
		try {
			return new SigningKey(jwk, algorithm);
		}
		catch (JOSEException | ClassCastException ex) {
			throw new IllegalArgumentException("Key '" + jwk.getKeyID() + "' cannot be used with " + algorithm, ex);
		}
	}

	public String keyId() {
		return this.keyId;
	}

	public JwtAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * The public part of this key as the JWKS publishes it, never the private part.
	 * @return the public JWK, with {@code kid}, {@code alg} and {@code use: sig}
	 */
	public JWK publicJwk() {
		JWK publicJwk = this.jwk.toPublicJWK();
		return switch (publicJwk.getKeyType().getValue()) {
			case "RSA" ->
				new RSAKey.Builder((RSAKey) publicJwk).algorithm(jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).build();
			case "EC" ->
				new ECKey.Builder((ECKey) publicJwk).algorithm(jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).build();
			default -> new OctetKeyPair.Builder((OctetKeyPair) publicJwk).algorithm(jwsAlgorithm())
				.keyUse(KeyUse.SIGNATURE)
				.build();
		};
	}

	/**
	 * This key's algorithm as Nimbus names it: the {@code alg} of the token headers it
	 * signs and of its published JWK.
	 * @return the JOSE name of this key's algorithm
	 */
	public JWSAlgorithm jwsAlgorithm() {
		return switch (this.algorithm) {
			case RS256 -> JWSAlgorithm.RS256;
			case ES256 -> JWSAlgorithm.ES256;
			case EdDSA -> JWSAlgorithm.EdDSA;
		};
	}

	/**
	 * A new key pair for an algorithm: 2048-bit RSA, P-256 or Ed25519.
	 * @param algorithm the algorithm
	 * @param keyId the new key's id
	 * @return the private JWK
	 */
	static JWK generate(JwtAlgorithm algorithm, String keyId) {
		try {
			return switch (algorithm) {
				case RS256 -> new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
				case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
				case EdDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
		}
	}

	public boolean canSign() {
		return this.jwk.isPrivate();
	}

	public JWSVerifier verifier() {
		return this.verifier;
	}

	public JWSSigner signer() {
		try {
			return switch (this.algorithm) {
				case RS256 -> new RSASSASigner((RSAKey) this.jwk);
				case ES256 -> new ECDSASigner((ECKey) this.jwk);
				case EdDSA -> new Ed25519Signer((OctetKeyPair) this.jwk);
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Key '" + this.keyId + "' cannot sign", ex);
		}
	}

	private JWSVerifier verifier(JWK publicJwk) throws JOSEException {
		return switch (this.algorithm) {
			case RS256 -> new RSASSAVerifier((RSAKey) publicJwk);
			case ES256 -> new ECDSAVerifier((ECKey) publicJwk);
			case EdDSA -> new Ed25519Verifier((OctetKeyPair) publicJwk);
		};
	}

}
