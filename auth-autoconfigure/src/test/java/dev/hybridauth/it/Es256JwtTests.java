package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static dev.hybridauth.it.JwtForge.b64;
import static dev.hybridauth.it.JwtForge.parts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ES256 session JWTs: verifiable from the JWKS, and immune to ECDSA "psychic" and
 * wrong-length signatures (SECURITY.md item 16).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "hybrid-auth.jwt.algorithm=ES256")
class Es256JwtTests {

	/** The order of the P-256 group: r = s = n is the classic psychic signature. */
	private static final String P256_ORDER = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

	@LocalServerPort
	int port;

	@Test
	void es256JwtVerifiesLocallyAndFromTheJwks() {
		HttpClientSupport http = new HttpClientSupport(this.port);
		String jwt = http.login("alice", "alice-password").get("session_jwt").asString();

		assertThat(JwtForge.decode(parts(jwt)[0])).contains("\"alg\":\"ES256\"");
		assertThat(http.get("/api/hello", "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		NimbusJwtDecoder decoder = NimbusJwtDecoder
			.withJwkSetUri("http://localhost:" + this.port + "/.well-known/jwks.json")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		assertThat(decoder.decode(jwt).getSubject()).isEqualTo("alice");
	}

	@Test
	void psychicAndWrongLengthSignaturesAreRefused() {
		HttpClientSupport http = new HttpClientSupport(this.port);
		String jwt = http.login("alice", "alice-password").get("session_jwt").asString();
		String signingInput = parts(jwt)[0] + "." + parts(jwt)[1];
		byte[] order = java.util.HexFormat.of().parseHex(P256_ORDER);
		byte[] rsEqualN = new byte[64];
		System.arraycopy(order, 0, rsEqualN, 0, 32);
		System.arraycopy(order, 0, rsEqualN, 32, 32);
		byte[] signature = java.util.Base64.getUrlDecoder().decode(parts(jwt)[2]);

		List<String> forged = List.of(signingInput + "." + b64(new byte[64]), signingInput + "." + b64(rsEqualN),
				signingInput + "." + b64(new byte[63]), signingInput + "." + b64(new byte[65]),
				signingInput + "." + b64(java.util.Arrays.copyOf(signature, 32)),
				signingInput + "." + b64(java.util.Arrays.copyOf(signature, 72)));

		String expectedBody = http.get("/api/hello", "Authorization", "Bearer garbage").body();
		for (String token : forged) {
			HttpResponse<String> response = http.get("/api/hello", "Authorization", "Bearer " + token);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).isEqualTo(expectedBody);
		}
	}

}
