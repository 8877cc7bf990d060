package dev.hybridauth.it;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;

/**
 * Builds tokens an attacker (or a test) would send: any header, any payload text, any
 * signer.
 */
public final class JwtForge {

	private JwtForge() {
	}

	public static String sign(JWSHeader header, String payloadJson, JWSSigner signer) {
		JWSObject jws = new JWSObject(header, new Payload(payloadJson));
		try {
			jws.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	/**
	 * A header and payload given as raw JSON, signed (RS256 with the signer's key) over
	 * their base64url text.
	 */
	public static String signRaw(String headerJson, String payloadJson, JWSSigner signer) {
		String signingInput = b64(headerJson) + "." + b64(payloadJson);
		try {
			Base64URL signature = signer.sign(new JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
					signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + signature;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String b64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	public static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String[] parts(String jwt) {
		return jwt.split("\\.", -1);
	}

	public static String decode(String segment) {
		return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
	}

}
