package dev.hybridauth.web.authentication;

import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link CredentialResolver#bearer()},
 * {@link CredentialResolver#cookies(SessionCookies)} and
 * {@link CredentialResolver#firstOf(CredentialResolver...)} find a request's credential.
 */
class CredentialResolverTests {

	private final SessionCookies cookies = new SessionCookies(false, "Lax");

	private final CredentialResolver bearer = CredentialResolver.bearer();

	private final CredentialResolver cookie = CredentialResolver.cookies(this.cookies);

	// bearer

	@ParameterizedTest
	@ValueSource(strings = { "Bearer token", "bearer token", "BEARER token", "bEaReR token", "Bearer   token  ",
			"Bearer\ttoken" })
	void resolveWhenBearerSchemeInAnyCaseThenFound(String authorization) {
		HybridCredential credential = this.bearer.resolve(authorization(authorization));

		assertThat(credential).isEqualTo(new HybridCredential(HybridCredential.Source.BEARER, null, "token"));
		assertThat(credential.isBearer()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=", "Token abc", "Bearertoken", "Digest x" })
	void resolveWhenAuthorizationIsAnotherSchemeThenIgnored(String authorization) {
		assertThat(this.bearer.resolve(authorization(authorization))).isNull();
		assertThat(this.bearer.resolve(authorization("Bearer token"))).as("the same resolver, a bearer header")
			.isNotNull();
	}

	@Test
	void resolveWhenNoAuthorizationThenNull() {
		assertThat(this.bearer.resolve(new MockHttpServletRequest())).isNull();
	}

	@Test
	void resolveWhenTwoAuthorizationHeadersThenMalformedRequest() {
		MockHttpServletRequest twoBearers = authorization("Bearer a");
		twoBearers.addHeader(HttpHeaders.AUTHORIZATION, "Bearer b");
		MockHttpServletRequest basicAndBearer = authorization("Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=");
		basicAndBearer.addHeader(HttpHeaders.AUTHORIZATION, "Bearer b");

		for (MockHttpServletRequest request : List.of(twoBearers, basicAndBearer)) {
			assertThatExceptionOfType(MalformedCredentialException.class).isThrownBy(() -> this.bearer.resolve(request))
				.satisfies((ex) -> assertThat(ex.isBadRequest()).as("400").isTrue());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer", "Bearer ", "bearer     " })
	void resolveWhenBearerIsEmptyThenInvalidCredential(String authorization) {
		assertThatExceptionOfType(MalformedCredentialException.class)
			.isThrownBy(() -> this.bearer.resolve(authorization(authorization)))
			.satisfies((ex) -> assertThat(ex.isBadRequest()).as("401").isFalse());
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer two words", "Bearer a.b c", "Bearer t\u00f6k\u00e9n", "Bearer a,b", "Bearer ==",
			"Bearer a=b", "Bearer a\u0000b" })
	void resolveWhenBearerIsOutsideToken68ThenInvalidCredential(String authorization) {
		assertThatExceptionOfType(MalformedCredentialException.class)
			.isThrownBy(() -> this.bearer.resolve(authorization(authorization)))
			.satisfies((ex) -> assertThat(ex.isBadRequest()).isFalse())
			.withMessageNotContaining(authorization.substring("Bearer ".length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc-DEF_123~+/", "abc==", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln" })
	void resolveWhenBearerIsToken68ThenFound(String token) {
		assertThat(this.bearer.resolve(authorization("Bearer " + token))).isNotNull();
	}

	@Test
	void resolveWhenBearerHasDotsThenJwtElseSessionToken() {
		HybridCredential jwt = this.bearer.resolve(authorization("Bearer aaa.bbb.ccc"));
		HybridCredential opaque = this.bearer.resolve(authorization("Bearer aaabbbccc"));

		assertThat(jwt.jwt()).isEqualTo("aaa.bbb.ccc");
		assertThat(jwt.sessionToken()).isNull();
		assertThat(opaque.jwt()).isNull();
		assertThat(opaque.sessionToken()).isEqualTo("aaabbbccc");
		assertThat(this.bearer.resolve(authorization("Bearer aaa.bbb")).jwt()).as("any dot: not a session token")
			.isEqualTo("aaa.bbb");
	}

	// cookies

	@Test
	void resolveWhenJwtCookieOnlyThenJwt() {
		HybridCredential credential = this.cookie.resolve(cookies(new Cookie(SessionCookies.JWT_COOKIE, "a.b.c")));

		assertThat(credential).isEqualTo(HybridCredential.cookies("a.b.c", null));
		assertThat(credential.isBearer()).isFalse();
	}

	@Test
	void resolveWhenSessionCookieOnlyThenSessionToken() {
		assertThat(this.cookie.resolve(cookies(new Cookie(SessionCookies.SESSION_COOKIE, "token"))))
			.isEqualTo(HybridCredential.cookies(null, "token"));
	}

	@Test
	void resolveWhenBothCookiesThenBoth() {
		assertThat(this.cookie.resolve(cookies(new Cookie(SessionCookies.SESSION_COOKIE, "token"),
				new Cookie(SessionCookies.JWT_COOKIE, "a.b.c"))))
			.isEqualTo(HybridCredential.cookies("a.b.c", "token"));
	}

	@Test
	void resolveWhenNoSessionCookieThenNull() {
		assertThat(this.cookie.resolve(new MockHttpServletRequest())).isNull();
		assertThat(this.cookie.resolve(cookies(new Cookie("JSESSIONID", "x"), new Cookie(SessionCookies.JWT_COOKIE, ""),
				new Cookie(SessionCookies.SESSION_COOKIE, ""))))
			.as("other and empty cookies")
			.isNull();
	}

	@Test
	void resolveWhenSecureCookiesThenOnlyHostPrefixedNames() {
		CredentialResolver secure = CredentialResolver.cookies(new SessionCookies(true, "Lax"));

		assertThat(secure.resolve(cookies(new Cookie(SessionCookies.SESSION_COOKIE, "planted")))).isNull();
		assertThat(secure.resolve(cookies(new Cookie("__Host-" + SessionCookies.SESSION_COOKIE, "token"))))
			.isEqualTo(HybridCredential.cookies(null, "token"));
	}

	// firstOf

	@Test
	void firstOfWhenBearerAndCookiesThenTheFirstResolverThatFindsOne() {
		MockHttpServletRequest both = cookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));
		both.addHeader(HttpHeaders.AUTHORIZATION, "Bearer bearer-token");

		assertThat(CredentialResolver.firstOf(this.bearer, this.cookie).resolve(both).sessionToken())
			.isEqualTo("bearer-token");
		assertThat(CredentialResolver.firstOf(this.cookie, this.bearer).resolve(both).sessionToken())
			.isEqualTo("cookie-token");
	}

	@Test
	void firstOfWhenFirstFindsNothingThenAsksTheNext() {
		MockHttpServletRequest request = cookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));
		request.addHeader(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=");

		assertThat(CredentialResolver.firstOf(this.bearer, this.cookie).resolve(request))
			.isEqualTo(HybridCredential.cookies(null, "cookie-token"));
		assertThat(CredentialResolver.firstOf(this.bearer).resolve(request)).isNull();
	}

	@Test
	void firstOfWhenOneFindsACredentialThenLaterOnesAreNotAsked() {
		List<String> asked = new ArrayList<>();
		CredentialResolver first = recording("first", asked, this.bearer);
		CredentialResolver second = recording("second", asked, this.cookie);
		CredentialResolver resolver = CredentialResolver.firstOf(first, second);

		resolver.resolve(authorization("Bearer token"));
		assertThat(asked).containsExactly("first");

		resolver.resolve(new MockHttpServletRequest());
		assertThat(asked).containsExactly("first", "first", "second");
	}

	@Test
	void firstOfWhenMalformedThenThrowsWithoutAskingTheNext() {
		MockHttpServletRequest request = cookies(new Cookie(SessionCookies.SESSION_COOKIE, "cookie-token"));
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer ");

		assertThatExceptionOfType(MalformedCredentialException.class)
			.isThrownBy(() -> CredentialResolver.firstOf(this.bearer, this.cookie).resolve(request));
	}

	@Test
	void toStringWhenTokensThenHidden() {
		assertThat(HybridCredential.cookies("a.b.c", "secret-token").toString()).doesNotContain("a.b.c", "secret-token")
			.contains("COOKIES");
	}

	private static CredentialResolver recording(String name, List<String> asked, CredentialResolver delegate) {
		return (request) -> {
			asked.add(name);
			return delegate.resolve(request);
		};
	}

	private static MockHttpServletRequest authorization(String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
		request.addHeader(HttpHeaders.AUTHORIZATION, value);
		return request;
	}

	private static MockHttpServletRequest cookies(Cookie... cookies) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/things");
		request.setCookies(cookies);
		return request;
	}

}
