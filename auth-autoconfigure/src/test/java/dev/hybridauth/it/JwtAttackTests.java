package dev.hybridauth.it;

import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.hybridauth.token.SigningKey;
import dev.hybridauth.token.SigningKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.JwtForge.b64;
import static dev.hybridauth.it.JwtForge.parts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JWT attack of SECURITY.md items 1 to 16, sent over HTTP to a protected route:
 * each answers {@code 401} with {@code WWW-Authenticate: Bearer error="invalid_token"}
 * and one and the same body, never a 5xx, and none costs a database statement.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtAttackTests {

	/** The size cap of the verifier: longer tokens are refused unread. */
	private static final int JWT_SIZE_CAP = 4096;

	@LocalServerPort
	int port;

	@Autowired
	SigningKeys keys;

	@Autowired
	MutableClock clock;

	HttpClientSupport http;

	String genuine;

	String sessionToken;

	JsonNode session;

	@BeforeEach
	void setUp() {
		this.clock.reset();
		this.http = new HttpClientSupport(this.port);
		JsonNode login = this.http.login("alice", "alice-password");
		this.genuine = login.get("session_jwt").asString();
		this.sessionToken = login.get("session_token").asString();
		this.session = login.get("session");
	}

	@Test
	void jwtWithoutAuthTimeFailsStepUpClosed() throws Exception {
		String withAuthTime = JwtForge.sign(header(JWSAlgorithm.RS256, kid()), claimsJson(claims()),
				signingKey().signer());
		String withoutAuthTime = JwtForge.sign(header(JWSAlgorithm.RS256, kid()),
				claimsJson(claims().claim("auth_time", null)), signingKey().signer());

		HttpResponse<String> accepted = this.http.postJson("/api/young-token-step-up", "{}", "Authorization",
				"Bearer " + withAuthTime);
		HttpResponse<String> refused = this.http.postJson("/api/young-token-step-up", "{}", "Authorization",
				"Bearer " + withoutAuthTime);

		assertThat(accepted.statusCode()).as("a young JWT that says when the user logged in").isEqualTo(200);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("insufficient_user_authentication", "max_age=300"));
	}

	@Test
	void genuineTokenIsAcceptedWithoutADatabaseStatement() {
		HttpResponse<String> response = this.http.get("/auth/session", "Authorization", "Bearer " + this.genuine);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HttpClientSupport.json(response).get("authenticated_via").asString()).isEqualTo("jwt");

		RequestStatements.reset();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + this.genuine).statusCode()).isEqualTo(200);
		assertThat(RequestStatements.count()).isZero();

		RequestStatements.reset();
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + this.sessionToken).statusCode())
			.isEqualTo(200);
		assertThat(RequestStatements.count()).as("positive control: the session token is checked live").isEqualTo(1);
	}

	@Test
	void algNoneInAnySpellingIsRefused() {
		String payload = parts(this.genuine)[1];
		List<String> tokens = new ArrayList<>();
		for (String none : List.of("none", "None", "NONE", "nOnE")) {
			String header = b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\"}");
			tokens.add(header + "." + payload + ".");
			tokens.add(header + "." + payload);
			tokens.add(header + "." + payload + "." + parts(this.genuine)[2]);
		}
		assertAllRefused(tokens);
	}

	@Test
	void strippedFlippedAndBorrowedSignaturesAreRefused() {
		String[] p = parts(this.genuine);
		String other = this.http.login("admin", "admin-password").get("session_jwt").asString();
		char[] signature = p[2].toCharArray();
		signature[10] = (signature[10] == 'A') ? 'B' : 'A';
		assertAllRefused(List.of(p[0] + "." + p[1] + ".", p[0] + "." + p[1],
				p[0] + "." + p[1] + "." + new String(signature), p[0] + "." + p[1] + "." + parts(other)[2],
				parts(other)[0] + "." + p[1] + "." + parts(other)[2]));
	}

	@Test
	void changedPayloadWithTheOriginalSignatureIsRefused() {
		String[] p = parts(this.genuine);
		String payload = JwtForge.decode(p[1]);
		List<String> tokens = new ArrayList<>();
		tokens.add(p[0] + "." + b64(payload.replace("\"alice\"", "\"admin\"")) + "." + p[2]);
		tokens.add(p[0] + "." + b64(payload.replace("\"ROLE_USER\"", "\"ROLE_ADMIN\"")) + "." + p[2]);
		tokens.add(p[0] + "." + b64(payload.replaceAll("\"exp\":\\d+", "\"exp\":4102444800")) + "." + p[2]);
		assertThat(tokens).allSatisfy((token) -> assertThat(token).isNotEqualTo(this.genuine));
		assertAllRefused(tokens);
	}

	@Test
	void hmacKeyedWithThePublicKeyIsRefused() throws Exception {
		RSAPublicKey publicKey = ((RSAKey) signingKey().publicJwk()).toRSAPublicKey();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ java.util.Base64.getMimeEncoder().encodeToString(publicKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		List<byte[]> secrets = List.of(pem.getBytes(), publicKey.getEncoded(),
				signingKey().publicJwk().toJSONString().getBytes());
		List<String> tokens = new ArrayList<>();
		for (JWSAlgorithm hmac : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
			for (byte[] secret : secrets) {
				tokens.add(JwtForge.sign(header(hmac, kid()), claimsJson(claims()), new MACSigner(pad(secret))));
			}
		}
		assertAllRefused(tokens);
	}

	@Test
	void algorithmsOutsideTheAllowListAreRefusedEvenWhenCorrectlySigned() throws Exception {
		RSAKey attackerKey = new RSAKeyGenerator(2048).generate();
		List<String> tokens = List.of(
				JwtForge.sign(header(JWSAlgorithm.PS256, kid()), claimsJson(claims()), signingKey().signer()),
				JwtForge.sign(header(JWSAlgorithm.RS512, kid()), claimsJson(claims()), signingKey().signer()),
				JwtForge.sign(header(JWSAlgorithm.HS256, kid()), claimsJson(claims()), new MACSigner(new byte[32])),
				JwtForge.sign(header(JWSAlgorithm.RS256, kid()), claimsJson(claims()), new RSASSASigner(attackerKey)));
		assertAllRefused(tokens);
	}

	@Test
	void unknownEmptyAndHostileKeyIdsAreRefused() {
		List<String> tokens = new ArrayList<>();
		for (String kid : List.of("unknown", "", "../../../../etc/passwd", "' OR '1'='1", "k".repeat(4_000))) {
			tokens.add(JwtForge.sign(header(JWSAlgorithm.RS256, kid), claimsJson(claims()), signingKey().signer()));
		}
		tokens
			.add(JwtForge.signRaw("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claimsJson(claims()), signingKey().signer()));
		assertAllRefused(tokens);
	}

	@Test
	void keysInTheHeaderAreNeverUsed() throws Exception {
		RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(kid()).generate();
		JWSSigner attacker = new RSASSASigner(attackerKey);
		String claims = claimsJson(claims());
		List<String> tokens = List.of(
				JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.jwk(attackerKey.toPublicJWK())
					.build(), claims, attacker),
				JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.keyID(kid())
					.jwk(attackerKey.toPublicJWK())
					.build(), claims, attacker),
				JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.keyID(kid())
					.jwkURL(java.net.URI.create("http://127.0.0.1:1/jwks.json"))
					.build(), claims, attacker),
				JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.keyID(kid())
					.x509CertURL(java.net.URI.create("http://127.0.0.1:1/cert.pem"))
					.build(), claims, attacker),
				JwtForge.signRaw("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\",\"x5c\":[\"MIIB\"]}",
						claims, attacker),
				JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
					.keyID(kid())
					.jwk(attackerKey.toPublicJWK())
					.build(), claims, signingKey().signer()));
		assertAllRefused(tokens);
	}

	@Test
	void anyCritHeaderIsRefused() {
		List<String> tokens = List.of(
				JwtForge.signRaw(
						"{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\",\"crit\":[\"exp\"],\"exp\":1}",
						claimsJson(claims()), signingKey().signer()),
				JwtForge.signRaw("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\",\"crit\":[]}",
						claimsJson(claims()), signingKey().signer()));
		assertAllRefused(tokens);
	}

	@Test
	void otherTypesAreRefused() {
		List<String> tokens = new ArrayList<>();
		for (String typ : List.of("at+jwt", "JOSE", "jwt+custom")) {
			tokens.add(JwtForge.sign(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid()).type(new JOSEObjectType(typ)).build(),
					claimsJson(claims()), signingKey().signer()));
		}
		tokens.add(JwtForge.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid()).build(), claimsJson(claims()),
				signingKey().signer()));
		assertAllRefused(tokens);
	}

	@Test
	void badTimesAreRefused() {
		Instant now = this.clock.instant();
		List<JWTClaimsSet> claimSets = List.of(
				claims().issueTime(Date.from(now.minusSeconds(400)))
					.expirationTime(Date.from(now.minusSeconds(100)))
					.build(),
				claims().expirationTime(null).build(), claims().notBeforeTime(Date.from(now.plusSeconds(120))).build(),
				claims().issueTime(Date.from(now.plusSeconds(120)))
					.notBeforeTime(null)
					.expirationTime(Date.from(now.plusSeconds(300)))
					.build(),
				claims().expirationTime(Date.from(now.plusSeconds(3600))).build());
		List<String> tokens = new ArrayList<>(claimSets.stream().map(this::signed).toList());
		Map<String, Object> stringExp = new LinkedHashMap<>(claims().build().toJSONObject());
		stringExp.put("exp", String.valueOf(now.plusSeconds(200).getEpochSecond()));
		tokens.add(JwtForge.sign(header(JWSAlgorithm.RS256, kid()),
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(stringExp), signingKey().signer()));
		assertAllRefused(tokens);
	}

	@Test
	void wrongOrMissingRegisteredClaimsAreRefused() {
		List<JWTClaimsSet> claimSets = List.of(claims().issuer("someone-else").build(), claims().issuer(null).build(),
				claims().audience("another-api").build(), claims().audience((String) null).build(),
				claims().subject(null).build(), claims().claim("sid", null).build(), claims().jwtID(null).build(),
				claims().claim("sid", 42).build(), claims().claim("roles", "ROLE_ADMIN").build());
		assertAllRefused(claimSets.stream().map(this::signed).toList());
	}

	@Test
	void jweAndJsonSerializationsAreRefused() {
		String[] p = parts(this.genuine);
		String jsonSerialization = "{\"payload\":\"" + p[1] + "\",\"signatures\":[{\"protected\":\"" + p[0]
				+ "\",\"signature\":\"" + p[2] + "\"}]}";
		assertAllRefused(List.of(p[0] + ".AAAA." + p[1] + ".BBBB." + p[2], b64(jsonSerialization),
				jsonSerialization.replace(" ", "")));
	}

	@Test
	void malformedBase64UrlIsRefused() {
		String[] p = parts(this.genuine);
		assertAllRefused(List.of(p[0] + "=." + p[1] + "." + p[2], p[0] + "." + p[1] + "." + p[2] + "==",
				p[0].replace('-', '+').replace('_', '/') + "+/." + p[1] + "." + p[2], "." + p[1] + "." + p[2],
				p[0] + ".." + p[2], p[0] + "." + p[1] + "." + p[2] + ".x", p[0] + "." + p[1] + "." + p[2] + "..",
				p[0] + p[1] + "." + p[2]));
	}

	@Test
	void whitespaceNulAndNonAsciiAreRefusedWithoutA5xx() throws Exception {
		String[] p = parts(this.genuine);
		for (String token : List.of(p[0] + ". " + p[1] + "." + p[2], p[0] + "." + p[1] + "\u0000." + p[2],
				p[0] + "é." + p[1] + "." + p[2])) {
			String response = RawHttp.send(this.port,
					"GET /api/hello HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n");
			assertThat(RawHttp.status(response)).as(token).isIn(400, 401);
		}
	}

	@Test
	void oversizedTokensAndHeadersAreRefused() throws Exception {
		Map<String, Object> big = new LinkedHashMap<>(claims().build().toJSONObject());
		big.put("padding", "x".repeat(3500));
		String overCap = JwtForge.sign(header(JWSAlgorithm.RS256, kid()),
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(big), signingKey().signer());
		assertThat(overCap.length()).isBetween(JWT_SIZE_CAP, 7000);
		assertAllRefused(List.of(overCap));
		HttpResponse<String> hugeHeader = this.http.get("/api/hello", "Authorization",
				"Bearer " + "a.b.".repeat(20_000) + "c");
		assertThat(hugeHeader.statusCode()).isIn(400, 431);
		assertThat(hugeHeader.body()).doesNotContain("Exception");
	}

	@Test
	void duplicateMembersAndDeepNestingAreRefusedCleanly() {
		String claims = claimsJson(claims());
		String duplicated = claims.replaceFirst("\\{", "{\"sub\":\"admin\",");
		String nested = "[".repeat(1000) + "]".repeat(1000);
		String deep = claims.replaceFirst("\\{", "{\"deep\":" + nested + ",");
		String deepHeader = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\",\"x\":" + nested + "}";
		List<String> tokens = List.of(
				JwtForge.signRaw("{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + kid() + "\"}",
						claims, signingKey().signer()),
				JwtForge.sign(header(JWSAlgorithm.RS256, kid()), duplicated, signingKey().signer()),
				JwtForge.sign(header(JWSAlgorithm.RS256, kid()), deep, signingKey().signer()),
				b64(deepHeader) + "." + parts(this.genuine)[1] + "." + parts(this.genuine)[2],
				b64("[".repeat(10_000)) + "." + parts(this.genuine)[1] + "." + parts(this.genuine)[2]);
		assertThat(b64(deepHeader).length() + parts(this.genuine)[1].length()).as("parsed, not cut by the size cap")
			.isLessThan(JWT_SIZE_CAP - 400);
		assertAllRefused(tokens.subList(0, 4));
		HttpResponse<String> tooDeepToRead = this.http.get("/api/hello", "Authorization", "Bearer " + tokens.get(4));
		assertThat(tooDeepToRead.statusCode()).isIn(400, 401, 431);
	}

	private void assertAllRefused(List<String> tokens) {
		String expectedBody = this.http.get("/api/hello", "Authorization", "Bearer garbage").body();
		RequestStatements.reset();
		for (String token : tokens) {
			HttpResponse<String> response = this.http.get("/api/hello", "Authorization", "Bearer " + token);
			String shortToken = token.substring(0, Math.min(token.length(), 80));
			assertThat(response.statusCode()).as(shortToken).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(shortToken)
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
			assertThat(response.body()).as(shortToken).isEqualTo(expectedBody);
		}
		assertThat(RequestStatements.count()).as("database statements").isZero();

		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + this.sessionToken).statusCode())
			.isEqualTo(200);
		assertThat(RequestStatements.count()).as("positive control: the session token is checked live").isEqualTo(1);
	}

	private SigningKey signingKey() {
		return this.keys.signingKey();
	}

	private String kid() {
		return signingKey().keyId();
	}

	private static JWSHeader header(JWSAlgorithm algorithm, String kid) {
		return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build();
	}

	/** Claims like the genuine token's, valid now: each test breaks one thing. */
	private JWTClaimsSet.Builder claims() {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer("hybrid-auth")
			.subject("alice")
			.audience("hybrid-auth")
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID("forged-" + now.toEpochMilli())
			.claim("sid", this.session.get("session_id").asString())
			.claim("auth_time", now.getEpochSecond())
			.claim("roles", List.of("ROLE_USER"));
	}

	@Test
	void aForgedButOtherwiseValidTokenSignedByTheRealKeyIsAccepted() {
		// The control for the tests above: what they break is what makes them fail.
		assertThat(this.http.get("/api/hello", "Authorization", "Bearer " + signed(claims().build())).statusCode())
			.isEqualTo(200);
	}

	private String signed(JWTClaimsSet claims) {
		return JwtForge.sign(header(JWSAlgorithm.RS256, kid()), claimsJson(claims), signingKey().signer());
	}

	private static String claimsJson(JWTClaimsSet.Builder claims) {
		return claimsJson(claims.build());
	}

	private static String claimsJson(JWTClaimsSet claims) {
		return claims.toString();
	}

	private static byte[] pad(byte[] secret) {
		return (secret.length >= 64) ? secret : java.util.Arrays.copyOf(secret, 64);
	}

}
