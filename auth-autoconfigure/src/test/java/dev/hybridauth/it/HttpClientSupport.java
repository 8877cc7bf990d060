package dev.hybridauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client against the application under test: no cookie jar, every header set
 * by the test.
 */
public class HttpClientSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final String baseUrl;

	public HttpClientSupport(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	@Override
	public String toString() {
		return this.baseUrl;
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET(), headers);
	}

	public HttpResponse<String> delete(String path, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).DELETE(), headers);
	}

	public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request, headers);
	}

	public HttpResponse<String> postJson(String path, String body, String... headers) {
		return post(path, "application/json", body, headers);
	}

	public HttpResponse<String> putJson(String path, String body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	public HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Logs in with JSON and returns the parsed token response. */
	public JsonNode login(String username, String password) {
		HttpResponse<String> response = postJson("/auth/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.body());
		}
		return json(response);
	}

	/**
	 * A CSRF token and the cookie that goes with it, as a browser would hold them.
	 * @param headers request headers, as name-value pairs (the cookie of an earlier
	 * token, say)
	 * @return header name, token, and the {@code Cookie} value: the new cookie, or the
	 * one the request carried when the answer set none
	 */
	public Csrf csrf(String... headers) {
		HttpResponse<String> response = get("/auth/csrf", headers);
		JsonNode body = json(response);
		String cookie = setCookies(response).stream()
			.filter((c) -> c.startsWith("XSRF-TOKEN=") || c.startsWith("__Host-XSRF-TOKEN="))
			.map((c) -> c.substring(0, c.indexOf(';')))
			.findFirst()
			.orElseGet(() -> response.request().headers().firstValue("Cookie").orElseThrow());
		return new Csrf(body.get("header_name").asString(), body.get("token").asString(),
				body.get("parameter_name").asString(), cookie);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	public static List<String> setCookies(HttpResponse<String> response) {
		return response.headers().allValues("Set-Cookie");
	}

	/** The last {@code Set-Cookie} of that name: the one a browser keeps. */
	public static Optional<String> setCookie(HttpResponse<String> response, String name) {
		return setCookies(response).stream().filter((c) -> c.startsWith(name + "=")).reduce((first, second) -> second);
	}

	public static Map<String, List<String>> headers(HttpResponse<String> response) {
		return response.headers().map();
	}

	public record Csrf(String headerName, String token, String parameterName, String cookie) {

	}

}
