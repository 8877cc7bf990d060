package dev.hybridauth.it;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hybridauth.it.HttpClientSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded inputs, over real HTTP: a body over {@code hybrid-auth.endpoints.max-body-size}
 * (8 KB) on any endpoint under the base path answers {@code 413} before anything parses
 * it, and a 30 MB login body is refused without being read; each field of a request has a
 * length limit, and a field over it answers {@code 400} naming it, for a JSON body and a
 * form alike.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BoundedInputTests {

	private static final int LIMIT = 8 * 1024;

	private static final long THIRTY_MEGABYTES = 30L * 1024 * 1024;

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	int port;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	void bodyOverTheLimitIsRefusedOnEveryEndpointUnderTheBasePath() {
		String json = padded("{\"username\":\"alice\",\"password\":\"alice-password\"}", LIMIT + 1);
		String form = "username=alice&password=alice-password&padding=" + "a".repeat(LIMIT);
		for (Call call : List.of(new Call("POST", "/auth/login", "application/json", json),
				new Call("POST", "/auth/login", FORM, form),
				new Call("POST", "/auth/refresh", "application/json", json),
				new Call("POST", "/auth/logout", "application/json", json),
				new Call("POST", "/auth/logout-all", "application/json", json),
				new Call("POST", "/auth/reauthenticate", "application/json", json),
				new Call("DELETE", "/auth/sessions", "application/json", json),
				new Call("GET", "/auth/csrf", "text/plain", json))) {
			// with a session cookie and no CSRF token: the limit answers before the CSRF
			// check (403) and the authentication (401) would
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(call.path()))
				.method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
				.header("Content-Type", call.contentType()), "Cookie", "hybrid_session=" + "A".repeat(43));

			assertThat(response.statusCode()).as(call.method() + " " + call.path()).isEqualTo(413);
			assertTooLarge(response);
		}
	}

	@Test
	void limitAppliesOnlyUnderTheBasePath() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();
		String body = padded("{}", LIMIT + 1);

		assertThat(this.http.postJson("/api/echo", body, "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);
		assertThat(this.http.postJson("/auth/logout", body, "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(413);
	}

	@Test
	void bodyOfExactlyTheLimitReachesTheEndpoint() {
		String credentials = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

		HttpResponse<String> atTheLimit = this.http.postJson("/auth/login", padded(credentials, LIMIT));
		HttpResponse<String> overIt = this.http.postJson("/auth/login", padded(credentials, LIMIT + 1));

		assertThat(atTheLimit.statusCode()).isEqualTo(200);
		assertThat(json(atTheLimit).get("session").get("user_id").asString()).isEqualTo("alice");
		assertThat(overIt.statusCode()).isEqualTo(413);
	}

	@Test
	void contentLengthOverTheLimitIsAnsweredBeforeAnyOfTheBodyIsSent() throws Exception {
		String response = RawHttp.sendHead(this.port, "POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + THIRTY_MEGABYTES + "\r\n");

		assertThat(RawHttp.status(response)).isEqualTo(413);
		assertThat(response).contains("Content-Type: application/problem+json", "\"status\":413");
	}

	@ParameterizedTest(name = "chunked: {0}")
	@ValueSource(booleans = { true, false })
	void thirtyMegabyteLoginBodyIsRefusedWithoutBeingRead(boolean chunked) throws Exception {
		String head = "POST /auth/login HTTP/1.1\r\nContent-Type: application/json\r\n"
				+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + THIRTY_MEGABYTES + "\r\n");

		RawHttp.Upload upload = RawHttp.upload(this.port, head, "{\"username\":\"alice\",\"password\":\"",
				THIRTY_MEGABYTES, chunked);

		assertThat(RawHttp.status(upload.response())).isEqualTo(413);
		assertThat(upload.response()).contains("Content-Type: application/problem+json", "\"status\":413")
			.doesNotContain("Exception");
		// The answer came while most of the body was still on the client's side, and the
		// server closed the connection rather than take the rest.
		assertThat(upload.sentWhenAnswered()).as("bytes sent when the answer came, after %s", upload.answeredAfter())
			.isLessThan(THIRTY_MEGABYTES / 2);
		assertThat(upload.finished()).as("the whole body was sent").isFalse();
	}

	@Test
	void chunkedBodiesWithinTheLimitAreReadAsUsual() {
		HttpResponse<String> jsonLogin = this.http.send(HttpRequest.newBuilder(uri("/auth/login"))
			.header("Content-Type", "application/json")
			.POST(chunked("{\"username\":\"alice\",\"password\":\"alice-password\"}")));
		HttpClientSupport.Csrf csrf = this.http.csrf();
		HttpResponse<String> formLogin = this.http.send(
				HttpRequest.newBuilder(uri("/auth/login?source=form"))
					.header("Content-Type", FORM)
					.POST(chunked(
							"username=alice&password=alice%2Dpassword&" + csrf.parameterName() + "=" + csrf.token())),
				"Cookie", csrf.cookie());
		String token = json(formLogin).get("session_token").asString();
		HttpResponse<String> refresh = this.http.send(HttpRequest.newBuilder(uri("/auth/refresh"))
			.header("Content-Type", "application/json")
			.POST(chunked("{\"session_token\":\"" + token + "\"}")));

		assertThat(jsonLogin.statusCode()).isEqualTo(200);
		assertThat(formLogin.statusCode()).as("the CSRF token and the credentials read from the buffered form")
			.isEqualTo(200);
		assertThat(refresh.statusCode()).isEqualTo(200);
		assertThat(json(refresh).get("session").get("user_id").asString()).isEqualTo("alice");
	}

	@Test
	void chunkedBodyOverTheLimitIsRefused() {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/auth/login"))
			.header("Content-Type", "application/json")
			.POST(chunked(padded("{\"username\":\"alice\",\"password\":\"alice-password\"}", LIMIT + 1))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertTooLarge(response);
	}

	@Test
	void loginFieldsOverTheirLimitAreRefusedNamingTheField() {
		HttpResponse<String> longUsername = this.http.postJson("/auth/login",
				credentials("u".repeat(257), "some-password"));
		HttpResponse<String> longPassword = this.http.postJson("/auth/login", credentials("nobody", "p".repeat(1025)));
		HttpResponse<String> longestUsername = this.http.postJson("/auth/login",
				credentials("u".repeat(256), "some-password"));
		// BCrypt reads 72 bytes of it: a longer password is checked, not an error
		HttpResponse<String> longestPassword = this.http.postJson("/auth/login",
				credentials("alice", "p".repeat(1024)));

		assertBadField(longUsername, "username");
		assertBadField(longPassword, "password");
		assertThat(longestUsername.statusCode()).as("at the limit: checked, and wrong").isEqualTo(401);
		assertThat(longestPassword.statusCode()).as("at the limit: checked, and wrong").isEqualTo(401);
	}

	@Test
	void formLoginFieldsOverTheirLimitAreRefusedNamingTheField() {
		HttpClientSupport.Csrf csrf = this.http.csrf();
		String csrfParameter = "&" + csrf.parameterName() + "=" + csrf.token();

		HttpResponse<String> longUsername = this.http.post("/auth/login", FORM,
				"username=" + "u".repeat(257) + "&password=x" + csrfParameter, "Cookie", csrf.cookie());
		HttpResponse<String> longPassword = this.http.post("/auth/login", FORM,
				"username=nobody&password=" + "p".repeat(1025) + csrfParameter, "Cookie", csrf.cookie());
		HttpResponse<String> longestUsername = this.http.post("/auth/login", FORM,
				"username=" + "u".repeat(256) + "&password=x" + csrfParameter, "Cookie", csrf.cookie());

		assertBadField(longUsername, "username");
		assertBadField(longPassword, "password");
		assertThat(longestUsername.statusCode()).isEqualTo(401);
	}

	@Test
	void refreshTokenLongerThanASessionTokenIsRefusedNamingTheField() {
		HttpResponse<String> tooLong = this.http.postJson("/auth/refresh",
				"{\"session_token\":\"" + "A".repeat(44) + "\"}");
		HttpResponse<String> unknown = this.http.postJson("/auth/refresh",
				"{\"session_token\":\"" + "A".repeat(43) + "\"}");

		assertBadField(tooLong, "session_token");
		assertThat(unknown.statusCode()).as("a token's length: looked up, and refused").isEqualTo(401);
		assertThat(unknown.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
	}

	@Test
	void reauthenticatePasswordOverItsLimitIsRefusedNamingTheField() {
		String token = this.http.login("admin", "admin-password").get("session_token").asString();

		HttpResponse<String> tooLong = this.http.postJson("/auth/reauthenticate",
				"{\"password\":\"" + "p".repeat(1025) + "\"}", "Authorization", "Bearer " + token);
		HttpResponse<String> right = this.http.postJson("/auth/reauthenticate", "{\"password\":\"admin-password\"}",
				"Authorization", "Bearer " + token);

		assertBadField(tooLong, "password");
		assertThat(right.statusCode()).isEqualTo(200);
	}

	@Test
	void longFieldInABodyJustUnderTheCapIsRefusedNamingTheField() {
		String start = "{\"username\":\"alice\",\"password\":\"";
		String body = start + "p".repeat(LIMIT - start.length() - 2) + "\"}";
		assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(LIMIT);

		assertBadField(this.http.postJson("/auth/login", body), "password");
	}

	private void assertTooLarge(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(413);
		assertThat(problem.get("title").asString()).isEqualTo("Content Too Large");
		assertThat(problem.get("detail").asString()).isEqualTo("The request body is larger than 8192 bytes.");
	}

	private static void assertBadField(HttpResponse<String> response, String field) {
		assertThat(response.statusCode()).as(field).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("detail").asString()).isEqualTo("The field '" + field + "' is too long.");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static String credentials(String username, String password) {
		return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
	}

	/**
	 * A JSON object padded with spaces before its closing brace to exactly this length.
	 */
	private static String padded(String json, int length) {
		return json.substring(0, json.length() - 1) + " ".repeat(length - json.length()) + "}";
	}

	/**
	 * A body without a length: the client sends it in chunks.
	 */
	private static HttpRequest.BodyPublisher chunked(String body) {
		return HttpRequest.BodyPublishers
			.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
	}

	private record Call(String method, String path, String contentType, String body) {

	}

}
