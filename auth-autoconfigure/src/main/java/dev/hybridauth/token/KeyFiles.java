package dev.hybridauth.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.hybridauth.JwtAlgorithm;

import org.springframework.core.io.Resource;

/**
 * Reads a session JWT key from a Spring resource: a JWK set (JSON) or PEM. A PEM file
 * holds a PKCS#8 private key ({@code BEGIN PRIVATE KEY}) and, for EC keys, the matching
 * public key ({@code BEGIN PUBLIC KEY}); a file with only a public key gives a key that
 * verifies but cannot sign.
 */
final class KeyFiles {

	private static final Pattern PEM_BLOCK = Pattern
		.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

	private KeyFiles() {
	}

	/**
	 * Reads one key from a file: a JWK set when its content starts with <code>{</code>,
	 * PEM otherwise. A file that cannot be read, or holds no usable key, fails the
	 * start-up with an {@code IllegalStateException} naming the file.
	 * @param location the file
	 * @param keyId the key's id: in a JWK set, the one to take; for PEM, the id to give
	 * it
	 * @param algorithm the algorithm it is used with
	 * @return the key
	 */
	static SigningKey read(Resource location, String keyId, JwtAlgorithm algorithm) {
		String content;
		try (InputStream in = location.getInputStream()) {
			content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the session JWT key at " + location.getDescription(), ex);
		}
		try {
			JWK jwk = content.stripLeading().startsWith("{") ? fromJwkSet(content, keyId) : fromPem(content, keyId);
			return SigningKey.of(jwk, algorithm);
		}
		catch (ParseException | java.security.GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("The session JWT key at " + location.getDescription()
					+ " is not a valid JWK set or PEM key for " + algorithm, ex);
		}
	}

	private static JWK fromJwkSet(String json, String keyId) throws ParseException {
		JWKSet set = JWKSet.parse(json);
		JWK jwk = (keyId != null) ? set.getKeyByKeyId(keyId) : ((set.size() == 1) ? set.getKeys().get(0) : null);
		if (jwk == null) {
			throw new IllegalArgumentException("The JWK set has no key with id '" + keyId + "'");
		}
		return jwk;
	}

	private static JWK fromPem(String pem, String keyId) throws java.security.GeneralSecurityException {
		if (keyId == null) {
			throw new IllegalArgumentException("A PEM key needs a kid in the configuration");
		}
		byte[] privateDer = null;
		byte[] publicDer = null;
		Matcher block = PEM_BLOCK.matcher(pem);
		while (block.find()) {
			byte[] der = Base64.getMimeDecoder().decode(block.group(2));
			switch (block.group(1)) {
				case "PRIVATE KEY" -> privateDer = der;
				case "PUBLIC KEY" -> publicDer = der;
				default -> throw new IllegalArgumentException("Unsupported PEM block " + block.group(1)
						+ ": use PKCS#8 (BEGIN PRIVATE KEY) and BEGIN PUBLIC KEY");
			}
		}
		if (privateDer == null && publicDer == null) {
			throw new IllegalArgumentException("No PEM key found");
		}
		PrivateKey privateKey = (privateDer != null) ? privateKey(privateDer) : null;
		PublicKey publicKey = (publicDer != null) ? publicKey(publicDer, privateKey) : derivePublicKey(privateKey);
		if (publicKey instanceof RSAPublicKey rsa) {
			return new RSAKey.Builder(rsa).privateKey(privateKey).keyID(keyId).build();
		}
		if (publicKey instanceof ECPublicKey ec) {
			return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).privateKey(privateKey)
				.keyID(keyId)
				.build();
		}
		throw new IllegalArgumentException("Only RSA and EC keys can be read from PEM; use a JWK set for Ed25519");
	}

	private static PrivateKey privateKey(byte[] der) throws java.security.GeneralSecurityException {
		for (String type : new String[] { "RSA", "EC" }) {
			try {
				return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (java.security.spec.InvalidKeySpecException ex) {
				// try the next type
			}
		}
		throw new java.security.spec.InvalidKeySpecException("Not an RSA or EC PKCS#8 private key");
	}

	private static PublicKey publicKey(byte[] der, PrivateKey privateKey)
			throws java.security.GeneralSecurityException {
		String type = (privateKey instanceof ECPrivateKey) ? "EC" : "RSA";
		try {
			return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
		}
		catch (java.security.spec.InvalidKeySpecException ex) {
			return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
		}
	}

	private static PublicKey derivePublicKey(PrivateKey privateKey) throws java.security.GeneralSecurityException {
		if (privateKey instanceof RSAPrivateCrtKey rsa) {
			return KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
		}
		throw new IllegalArgumentException(
				"An EC private key needs its public key (BEGIN PUBLIC KEY) in the same file");
	}

}
