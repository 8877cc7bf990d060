package dev.hybridauth.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static dev.hybridauth.it.HttpClientSupport.json;
import static dev.hybridauth.it.HttpClientSupport.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} against the running endpoints: every documented operation is
 * called over real HTTP on the test application, and each request and each response
 * (status, required headers and their values, media type, body) is validated against the
 * document, the main errors included.
 * <p>
 * The validator is networknt's json-schema-validator (3.0.9) with its OpenAPI 3.1
 * dialect: JSON Schema 2020-12 plus the OAS base vocabulary, which is what the Schema
 * Objects of an OpenAPI 3.1 document are. The document is also validated against the
 * OpenAPI Initiative's own OAS 3.1 schema ({@code schema-base}, in the test resources),
 * which checks its structure and every Schema Object against the dialect. Atlassian's
 * swagger-request-validator (2.44.1) was the other candidate: it validates exchanges end
 * to end, but its schema validation runs on java-json-tools' json-schema-validator, which
 * implements JSON Schema draft 4 only. Tried on this document, it refused a correct
 * {@code GET /auth/session} body (it reads {@code unevaluatedProperties: false} beside a
 * {@code $ref} as "no property allowed"), and so could not tell it from one with
 * {@code ip_address: 42} or a renamed {@code session_id}: it does not validate 3.1. What
 * swagger-request-validator does besides schema validation (finding the operation, the
 * response by status, the media type) is done here by {@link OpenApiDocument}, small and
 * strict: an undocumented path, method, status, media type or required header fails, and
 * so does a request whose credential meets none of the operation's security requirements.
 * The {@code 503} answers (a store unreachable) are described but not provoked here; see
 * {@code DatabaseOutageTests}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hybrid-auth.refresh.accept-expired-jwt=true",
				"hybrid-auth.refresh.expired-jwt-grace-period=10m" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractTests {

	private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

	private static final OpenApiDocument openApi = OpenApiDocument.load(DOCUMENT);

	private static final String FORM = "application/x-www-form-urlencoded";

	/**
	 * The operations called with a successful answer, over all tests; the last test
	 * checks that every documented one is among them.
	 */
	private static final Set<String> succeeded = ConcurrentHashMap.newKeySet();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMapping;

	HttpClientSupport http;

	@BeforeEach
	void setUp() {
		this.http = new HttpClientSupport(this.port);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void everyDocumentedOperationWasCalledSuccessfully() {
		assertThat(new TreeSet<>(succeeded)).as("operations answered 2xx in these tests")
			.containsExactlyInAnyOrderElementsOf(openApi.operations());
	}

	@Test
	void everyHybridAuthEndpointIsDocumented() {
		Set<String> mapped = new TreeSet<>();
		this.handlerMapping.getHandlerMethods().forEach((info, handler) -> {
			if (handler.getBeanType().getPackageName().equals("dev.hybridauth.web.endpoint")) {
				for (String pattern : info.getPatternValues()) {
					info.getMethodsCondition().getMethods().forEach((method) -> mapped.add(method + " " + pattern));
				}
			}
		});

		assertThat(mapped).hasSizeGreaterThanOrEqualTo(11);
		assertThat(mapped.stream().map(OpenApiContractTests::anyVariable).toList()).as("the endpoints' mappings")
			.containsExactlyInAnyOrderElementsOf(
					openApi.operations().stream().map(OpenApiContractTests::anyVariable).distinct().toList());
	}

	private static String anyVariable(String operation) {
		return operation.replaceAll("\\{[^}]*}", "{}");
	}

	@Test
	void theDocumentIsAValidOpenApi31Description() throws Exception {
		assertThat(openApi.document().get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(openApi.validateDocument()).isEmpty();

		String broken = Files.readString(DOCUMENT)
			.replaceFirst("\n  version: ", "\n  release: ")
			.replace("type: [string, 'null']", "type: [string, 'nothing']");
		assertThat(OpenApiDocument.of(broken).validateDocument()).as("a document without info.version, with a bad type")
			.anySatisfy((violation) -> assertThat(violation).contains("version"))
			.anySatisfy((violation) -> assertThat(violation).contains("ip_address"));
	}

	@Test
	void theCheckRefusesWhatTheDocumentDoesNotDescribe() {
		HttpResponse<String> login = loginResponse("alice", "alice-password");
		assertThat(openApi.validateResponse(login)).isEmpty();

		HttpResponse<String> renamed = new AlteredResponse(login, 200,
				login.body().replace("\"session_id\"", "\"sessionId\""));
		HttpResponse<String> teapot = new AlteredResponse(login, 418, login.body());
		HttpResponse<String> problem = this.http.get("/auth/session");
		HttpResponse<String> withoutChallenge = new AlteredResponse(problem, 401, problem.body(), "WWW-Authenticate");

		assertThat(openApi.validateResponse(renamed))
			.anySatisfy((violation) -> assertThat(violation).contains("/session").contains("session_id"));
		assertThat(openApi.validateResponse(teapot)).containsExactly("POST /auth/login 418: status not documented");
		assertThat(openApi.validateResponse(problem)).isEmpty();
		assertThat(openApi.validateResponse(withoutChallenge))
			.containsExactly("GET /auth/session 401: required header WWW-Authenticate missing");

		URI session = URI.create(this.http + "/auth/session");
		assertThat(openApi.validateRequest("GET", session, List.of("Authorization", "Bearer a.b.c"), null, null))
			.isEmpty();
		assertThat(openApi.validateRequest("GET", session, List.of(), null, null))
			.containsExactly("GET /auth/session: no security requirement of the operation is met by []");
		assertThat(openApi.validateRequest("GET", URI.create(this.http + "/auth/sessions/x/y"),
				List.of("Authorization", "Bearer a.b.c"), null, null))
			.containsExactly("GET /auth/sessions/x/y: path not documented");
		assertThat(openApi.validateRequest("POST", URI.create(this.http + "/auth/login"), List.of(), "application/json",
				"{\"username\":\"alice\",\"pass\":\"x\"}"))
			.anySatisfy((violation) -> assertThat(violation).contains("password"));
	}

	@Test
	void loginWithJsonAndWithAForm() {
		HttpResponse<String> json = send("POST", "/auth/login", "application/json",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json(json).has("session_token")).isTrue();

		HttpClientSupport.Csrf csrf = this.http.csrf();
		HttpResponse<String> form = send("POST", "/auth/login", FORM,
				"username=alice&password=alice-password&" + csrf.parameterName() + "=" + csrf.token(), "Cookie",
				csrf.cookie());
		assertThat(form.statusCode()).isEqualTo(200);

		HttpClientSupport.Csrf browserCsrf = this.http.csrf();
		HttpResponse<String> browserForm = send("POST", "/auth/login", FORM,
				"username=alice&password=alice-password&" + browserCsrf.parameterName() + "=" + browserCsrf.token(),
				"Cookie", browserCsrf.cookie(), "Accept", "text/html,*/*;q=0.8");
		assertThat(browserForm.statusCode()).isEqualTo(303);
	}

	@Test
	void refreshWithEachCredential() {
		JsonNode login = this.http.login("alice", "alice-password");
		String token = login.get("session_token").asString();
		String jwt = login.get("session_jwt").asString();
		HttpClientSupport.Csrf csrf = this.http.csrf();

		List<HttpResponse<String>> refreshes = List.of(
				send("POST", "/auth/refresh", null, null, "Authorization", "Bearer " + token),
				send("POST", "/auth/refresh", "application/json", "{\"session_token\":\"" + token + "\"}"),
				send("POST", "/auth/refresh", null, null, "Cookie", "hybrid_session=" + token + "; " + csrf.cookie(),
						csrf.headerName(), csrf.token()),
				send("POST", "/auth/refresh", null, null, "Authorization", "Bearer " + jwt));

		assertThat(refreshes).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).has("session_token")).isFalse();
		});
	}

	@Test
	void theCurrentSessionAndTheListOfSessions() {
		JsonNode login = this.http.login("alice", "alice-password");
		String jwt = login.get("session_jwt").asString();
		String token = login.get("session_token").asString();

		HttpResponse<String> viaJwt = send("GET", "/auth/session", null, null, "Authorization", "Bearer " + jwt);
		HttpResponse<String> viaSession = send("GET", "/auth/session", null, null, "Cookie", "hybrid_session=" + token);
		HttpResponse<String> sessions = send("GET", "/auth/sessions", null, null, "Authorization", "Bearer " + jwt);

		assertThat(json(viaJwt).get("authenticated_via").asString()).isEqualTo("jwt");
		assertThat(json(viaSession).get("authenticated_via").asString()).isEqualTo("session");
		assertThat(json(sessions).get("sessions").size()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void revokingDevicesAndLoggingOut() {
		String current = this.http.login("alice", "alice-password").get("session_jwt").asString();
		String other = this.http.login("alice", "alice-password").get("session").get("session_id").asString();
		String bearer = "Bearer " + current;

		assertThat(send("DELETE", "/auth/sessions/" + other, null, null, "Authorization", bearer).statusCode())
			.isEqualTo(204);
		assertThat(send("DELETE", "/auth/sessions/" + other, null, null, "Authorization", bearer).statusCode())
			.as("the same id again")
			.isEqualTo(404);
		assertThat(send("DELETE", "/auth/sessions/no-such-session", null, null, "Authorization", bearer).statusCode())
			.isEqualTo(404);
		assertThat(send("DELETE", "/auth/sessions", null, null, "Authorization", bearer).statusCode()).isEqualTo(204);
		assertThat(send("POST", "/auth/logout", null, null, "Authorization", bearer).statusCode()).isEqualTo(204);

		String another = this.http.login("alice", "alice-password").get("session_token").asString();
		assertThat(send("POST", "/auth/logout-all", null, null, "Authorization", "Bearer " + another).statusCode())
			.isEqualTo(204);
		assertThat(send("GET", "/auth/session", null, null, "Authorization", "Bearer " + another).statusCode())
			.as("after logout-all")
			.isEqualTo(401);
	}

	@Test
	void reauthenticate() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> response = send("POST", "/auth/reauthenticate", "application/json",
				"{\"password\":\"alice-password\"}", "Authorization", "Bearer " + token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("session_token").asString()).isNotEqualTo(token);
	}

	@Test
	void csrfTokenAndJwks() {
		HttpResponse<String> csrf = send("GET", "/auth/csrf", null, null);
		HttpResponse<String> jwks = send("GET", "/.well-known/jwks.json", null, null);

		assertThat(csrf.statusCode()).isEqualTo(200);
		assertThat(setCookie(csrf, "XSRF-TOKEN")).isPresent();
		assertThat(jwks.statusCode()).isEqualTo(200);
	}

	@Test
	void unauthenticatedAndRefusedCredentials() {
		HttpResponse<String> none = sendUnchecked("GET", "/auth/session", null, null);
		HttpResponse<String> bad = send("GET", "/auth/session", null, null, "Authorization",
				"Bearer " + "A".repeat(43));
		HttpResponse<String> badJwt = send("GET", "/auth/sessions", null, null, "Authorization",
				"Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln");
		HttpResponse<String> wrongPassword = send("POST", "/auth/login", "application/json",
				"{\"username\":\"alice\",\"password\":\"wrong\"}");
		HttpResponse<String> refreshWithout = send("POST", "/auth/refresh", "application/json", "{}");

		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(List.of(bad, badJwt, refreshWithout)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
				.startsWith("Bearer error=\"invalid_token\"");
		});
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(wrongPassword.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void csrfMissingOnACookieCall() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> response = send("POST", "/auth/logout", null, null, "Cookie", "hybrid_session=" + token);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(json(response).get("detail").asString()).contains("CSRF");
	}

	@Test
	void malformedRequests() {
		String token = this.http.login("alice", "alice-password").get("session_token").asString();

		HttpResponse<String> missingField = sendUnchecked("POST", "/auth/login", "application/json",
				"{\"username\":\"alice\"}");
		HttpResponse<String> tooLarge = sendUnchecked("POST", "/auth/login", "application/json",
				"{\"username\":\"alice\",\"password\":\"" + "x".repeat(9000) + "\"}");
		HttpClientSupport.Csrf csrf = this.http.csrf();
		HttpResponse<String> text = sendUnchecked("POST", "/auth/login", "text/plain", "alice:alice-password", "Cookie",
				csrf.cookie(), csrf.headerName(), csrf.token());
		HttpResponse<String> reauthenticateText = sendUnchecked("POST", "/auth/reauthenticate", "text/plain",
				"alice-password", "Authorization", "Bearer " + token);

		assertThat(missingField.statusCode()).isEqualTo(400);
		assertThat(json(missingField).get("detail").asString()).contains("password");
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(text.statusCode()).isEqualTo(415);
		assertThat(reauthenticateText.statusCode()).isEqualTo(415);
	}

	@Test
	void throttledLogins() {
		String username = "nobody-" + UUID.randomUUID();
		String body = "{\"username\":\"" + username + "\",\"password\":\"wrong\"}";
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(send("POST", "/auth/login", "application/json", body).statusCode());
		}

		assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
	}

	private HttpResponse<String> loginResponse(String username, String password) {
		return send("POST", "/auth/login", "application/json",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	/**
	 * Sends a request that the document must accept, and checks it and its response
	 * against the document.
	 */
	private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
		URI uri = URI.create(this.http + path);
		assertThat(openApi.validateRequest(method, uri, List.of(headers), contentType, body)).as("request").isEmpty();
		return sendUnchecked(method, path, contentType, body, headers);
	}

	/**
	 * Sends a request that may break the document's rules on purpose (a missing field, a
	 * body too large), and checks its response against the document.
	 */
	private HttpResponse<String> sendUnchecked(String method, String path, String contentType, String body,
			String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.http + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = this.http.send(request, headers);
		assertThat(openApi.validateResponse(response))
			.as("response of %s %s (%s): %s", method, path, response.statusCode(), response.body())
			.isEmpty();
		if (response.statusCode() / 100 == 2) {
			succeeded.add(openApi.operation(method, path));
		}
		return response;
	}

	/**
	 * A real response with its status, its body or a header changed: what a server that
	 * drifted from the document would answer.
	 */
	private record AlteredResponse(HttpResponse<String> real, int statusCode, String body,
			String... removedHeaders) implements HttpResponse<String> {

		@Override
		public HttpRequest request() {
			return this.real.request();
		}

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public HttpHeaders headers() {
			return HttpHeaders.of(this.real.headers().map(),
					(name, value) -> Arrays.stream(this.removedHeaders).noneMatch(name::equalsIgnoreCase));
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			return this.real.uri();
		}

		@Override
		public HttpClient.Version version() {
			return this.real.version();
		}

	}

}
