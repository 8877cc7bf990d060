package dev.hybridauth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.hybridauth.JwtAlgorithm;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyFilesTests {

	@Test
	void readWhenRsaPkcs8PemThenSigningKeyWithTheConfiguredKid() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).generate();
		String pem = pem("PRIVATE KEY", rsa.toPrivateKey().getEncoded());

		SigningKey key = KeyFiles.read(resource(pem), "rsa-2026", JwtAlgorithm.RS256);

		assertThat(key.keyId()).isEqualTo("rsa-2026");
		assertThat(key.canSign()).isTrue();
		assertThat(((RSAKey) key.publicJwk()).getModulus()).isEqualTo(rsa.getModulus());
	}

	@Test
	void readWhenEcPemWithPublicKeyThenSigningKey() throws Exception {
		ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
		String pem = pem("PRIVATE KEY", ec.toPrivateKey().getEncoded())
				+ pem("PUBLIC KEY", ec.toPublicKey().getEncoded());

		SigningKey key = KeyFiles.read(resource(pem), "ec-1", JwtAlgorithm.ES256);

		assertThat(key.canSign()).isTrue();
		assertThat(key.publicJwk().getAlgorithm().getName()).isEqualTo("ES256");
	}

	@Test
	void readWhenPublicPemOnlyThenVerifyOnlyKey() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).generate();

		SigningKey key = KeyFiles.read(resource(pem("PUBLIC KEY", rsa.toPublicKey().getEncoded())), "old",
				JwtAlgorithm.RS256);

		assertThat(key.canSign()).isFalse();
	}

	@Test
	void readWhenJwkSetThenTheKeyWithThatKid() throws Exception {
		RSAKey one = new RSAKeyGenerator(2048).keyID("one").generate();
		RSAKey two = new RSAKeyGenerator(2048).keyID("two").generate();
		String json = new JWKSet(java.util.List.of(one, two)).toString(false);

		SigningKey key = KeyFiles.read(resource(json), "two", JwtAlgorithm.RS256);

		assertThat(key.keyId()).isEqualTo("two");
		assertThat(key.canSign()).isTrue();
	}

	@Test
	void readWhenKeyDoesNotFitTheAlgorithmThenClearError() throws Exception {
		RSAKey rsa = new RSAKeyGenerator(2048).generate();

		assertThatIllegalStateException()
			.isThrownBy(() -> KeyFiles.read(resource(pem("PRIVATE KEY", rsa.toPrivateKey().getEncoded())), "k",
					JwtAlgorithm.ES256))
			.withMessageContaining("ES256");
		assertThatIllegalStateException().isThrownBy(() -> KeyFiles.read(resource("garbage"), "k", JwtAlgorithm.RS256));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
				+ "-----\n";
	}

	private static ByteArrayResource resource(String content) {
		return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8), "test key");
	}

}
