package dev.hybridauth.web.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SensitiveRoute;
import dev.hybridauth.SessionJwtClaims;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.StartedSession;
import dev.hybridauth.login.LoginRefusedException;
import dev.hybridauth.login.PasswordCheck;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.web.EndpointSettings;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import dev.hybridauth.web.authentication.HybridCredential;
import dev.hybridauth.web.endpoint.EndpointRecords.CsrfResponse;
import dev.hybridauth.web.endpoint.EndpointRecords.LoginRequest;
import dev.hybridauth.web.endpoint.EndpointRecords.Problem;
import dev.hybridauth.web.endpoint.EndpointRecords.ReauthenticateRequest;
import dev.hybridauth.web.endpoint.EndpointRecords.RefreshRequest;
import dev.hybridauth.web.endpoint.EndpointRecords.SessionResponse;
import dev.hybridauth.web.endpoint.EndpointRecords.SessionsResponse;
import dev.hybridauth.web.endpoint.EndpointRecords.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hybrid-auth HTTP endpoints under {@link EndpointSettings#basePath()} (a path prefix
 * set by {@link HybridAuthEndpointsAutoConfiguration}): login, refresh, logout,
 * re-authentication, the current session, the caller's sessions (devices) and the CSRF
 * token. A credential that an endpoint refuses is answered by the authentication entry
 * point ({@code 401 invalid_token}), like every other refused credential.
 */
@RestController
class HybridAuthEndpoints {

	private static final Log logger = LogFactory.getLog(HybridAuthEndpoints.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String BAD_LOGIN = "Invalid username or password.";

	/**
	 * Seconds a client should wait before retrying when the session store is unreachable.
	 */
	private static final String RETRY_AFTER_SECONDS = "5";

	private final Supplier<AuthenticationManager> authenticationManager;

	private final PasswordCheck passwordCheck;

	private final HybridSessionService sessionService;

	private final SessionRefresher refresher;

	private final SessionCookies cookies;

	private final boolean tokenInBody;

	private final SessionJwtVerifier jwtVerifier;

	private final Duration expiredJwtGracePeriod;

	private final BrowserFormLogin browserFormLogin;

	/**
	 * Creates the endpoints; the application's authentication manager, which only login
	 * and re-authentication need, is resolved on their first use.
	 * @param authenticationManager the application's authentication manager, resolved on
	 * first use
	 * @param passwordCheck how login and re-authentication check a password: throttled,
	 * bounded in concurrency
	 * @param sessionService the session service
	 * @param refresher the refresh of a session over HTTP
	 * @param cookies the session cookies
	 * @param tokenInBody whether the login response carries the session token in its body
	 * @param jwtVerifier the session JWT verifier, for refreshes with a JWT
	 * @param expiredJwtGracePeriod how long after its expiry a JWT may still refresh its
	 * session, or {@code null} when refresh does not accept JWTs
	 * @param browserFormLogin where a browser's form login is redirected
	 */
	HybridAuthEndpoints(Supplier<AuthenticationManager> authenticationManager, PasswordCheck passwordCheck,
			HybridSessionService sessionService, SessionRefresher refresher, SessionCookies cookies,
			boolean tokenInBody, SessionJwtVerifier jwtVerifier, Duration expiredJwtGracePeriod,
			BrowserFormLogin browserFormLogin) {
		this.authenticationManager = authenticationManager;
		this.passwordCheck = passwordCheck;
		this.sessionService = sessionService;
		this.refresher = refresher;
		this.cookies = cookies;
		this.tokenInBody = tokenInBody;
		this.jwtVerifier = jwtVerifier;
		this.expiredJwtGracePeriod = expiredJwtGracePeriod;
		this.browserFormLogin = browserFormLogin;
	}

	@PostMapping(path = EndpointSettings.LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE)
	TokenResponse login(@RequestBody LoginRequest body, Authentication current, HttpServletRequest request,
			HttpServletResponse response) {
		return authenticateAndStart(body, current, request, response);
	}

	/**
	 * A form login. A browser's page navigation (an {@code Accept} that prefers
	 * {@code text/html}) is redirected, so that the page never receives the token
	 * response; any other client gets the token response, as for JSON.
	 * @param username the username field
	 * @param password the password field
	 * @param current the credential the request carried, authenticated
	 * @param request the request
	 * @param response the response, that gets both cookies
	 * @return the token response, or a {@code 303} to the success URL (the failure URL
	 * for a wrong or missing username or password, when one is set)
	 */
	@PostMapping(path = EndpointSettings.LOGIN, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<TokenResponse> loginForm(@RequestParam(name = "username", required = false) String username,
			@RequestParam(name = "password", required = false) String password, Authentication current,
			HttpServletRequest request, HttpServletResponse response) {
		if (!BrowserFormLogin.prefersHtml(request)) {
			return ResponseEntity
				.ok(authenticateAndStart(new LoginRequest(username, password), current, request, response));
		}
		try {
			authenticateAndStart(new LoginRequest(username, password), current, request, response);
			return seeOther(request, this.browserFormLogin.successUrl());
		}
		catch (EndpointException ex) {
			boolean refusedCredentials = ex.status == HttpStatus.UNAUTHORIZED || ex.status == HttpStatus.BAD_REQUEST;
			if (refusedCredentials && this.browserFormLogin.failureUrl() != null) {
				return seeOther(request, this.browserFormLogin.failureUrl());
			}
			throw ex;
		}
	}

	private static ResponseEntity<TokenResponse> seeOther(HttpServletRequest request, String path) {
		return ResponseEntity.status(HttpStatus.SEE_OTHER)
			.location(BrowserFormLogin.location(request, path))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.build();
	}

	@PostMapping(EndpointSettings.LOGIN)
	void loginUnsupportedMediaType() {
		throw new EndpointException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Send the credentials as application/json or application/x-www-form-urlencoded.");
	}

	@PostMapping(path = EndpointSettings.REFRESH, consumes = MediaType.APPLICATION_JSON_VALUE)
	void refreshWithBody(@RequestBody RefreshRequest body, HttpServletRequest request, HttpServletResponse response) {
		refresh(body.sessionToken(), request, response);
	}

	@PostMapping(EndpointSettings.REFRESH)
	void refresh(HttpServletRequest request, HttpServletResponse response) {
		refresh(null, request, response);
	}

	@PostMapping(EndpointSettings.LOGOUT)
	ResponseEntity<Void> logout(Authentication current, HttpServletRequest request, HttpServletResponse response) {
		if (current instanceof HybridAuthentication hybrid) {
			this.sessionService.revoke(hybrid.getDetails().sessionId(), RevocationReason.LOGOUT);
		}
		this.cookies.clear(request, response);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(EndpointSettings.LOGOUT_ALL)
	@SensitiveRoute
	ResponseEntity<Void> logoutAll(Authentication current, HttpServletRequest request, HttpServletResponse response) {
		this.sessionService.revokeAll(requireHybrid(current).getName(), RevocationReason.LOGOUT_ALL);
		this.cookies.clear(request, response);
		return ResponseEntity.noContent().build();
	}

	@GetMapping(EndpointSettings.SESSIONS)
	@SensitiveRoute
	SessionsResponse sessions(Authentication current) {
		HybridAuthentication hybrid = requireHybrid(current);
		String currentSessionId = hybrid.getDetails().sessionId();
		return new SessionsResponse(this.sessionService.findLiveSessions(hybrid.getName())
			.stream()
			.map((session) -> SessionResponse.of(session).withCurrent(session.sessionId().equals(currentSessionId)))
			.toList());
	}

	@DeleteMapping(EndpointSettings.SESSION_BY_ID)
	@SensitiveRoute
	ResponseEntity<Void> revokeSession(@PathVariable String sessionId, Authentication current) {
		HybridAuthentication hybrid = requireHybrid(current);
		boolean own = this.sessionService.findLive(sessionId)
			.filter((session) -> session.userId().equals(hybrid.getName()))
			.isPresent();
		if (!own || !this.sessionService.revoke(sessionId, RevocationReason.REVOKED_BY_USER)) {
			throw new EndpointException(HttpStatus.NOT_FOUND, "No such session.");
		}
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping(EndpointSettings.SESSIONS)
	@SensitiveRoute
	ResponseEntity<Void> revokeOtherSessions(Authentication current) {
		HybridAuthentication hybrid = requireHybrid(current);
		this.sessionService.revokeOthers(hybrid.getName(), hybrid.getDetails().sessionId(),
				RevocationReason.REVOKED_BY_USER);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = EndpointSettings.REAUTHENTICATE, consumes = MediaType.APPLICATION_JSON_VALUE)
	@SensitiveRoute
	TokenResponse reauthenticate(@RequestBody ReauthenticateRequest body, Authentication current,
			HttpServletRequest request, HttpServletResponse response) {
		HybridAuthentication hybrid = requireHybrid(current);
		HybridSession session = liveSession(hybrid);
		Authentication authenticated;
		try {
			authenticated = checkPassword(hybrid.getName(), body.password(), request);
		}
		catch (AuthenticationException ex) {
			throw new EndpointException(HttpStatus.UNAUTHORIZED, "Invalid password.");
		}
		StartedSession reauthenticated = this.sessionService.reauthenticate(session, authenticated)
			.orElseThrow(HybridAuthEndpoints::invalidCredential);
		return startedSessionResponse(reauthenticated, request, response);
	}

	@PostMapping(EndpointSettings.REAUTHENTICATE)
	@SensitiveRoute
	void reauthenticateUnsupportedMediaType() {
		throw new EndpointException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the password as application/json.");
	}

	@GetMapping(EndpointSettings.SESSION)
	SessionResponse session(Authentication current) {
		HybridAuthentication hybrid = requireHybrid(current);
		return SessionResponse.of(liveSession(hybrid))
			.withAuthentication(hybrid.getDetails().method().contractName(),
					hybrid.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
	}

	@GetMapping(EndpointSettings.CSRF)
	CsrfResponse csrf(CsrfToken csrfToken) {
		if (csrfToken == null) {
			throw new EndpointException(HttpStatus.NOT_FOUND, "CSRF protection is not enabled.");
		}
		return new CsrfResponse(csrfToken.getToken(), csrfToken.getHeaderName(), csrfToken.getParameterName());
	}

	private TokenResponse authenticateAndStart(LoginRequest credentials, Authentication current,
			HttpServletRequest request, HttpServletResponse response) {
		Authentication authenticated;
		try {
			authenticated = checkPassword(credentials.username(), credentials.password(), request);
		}
		catch (AuthenticationException ex) {
			throw new EndpointException(HttpStatus.UNAUTHORIZED, BAD_LOGIN);
		}
		if (current instanceof HybridAuthentication previous) {
			this.sessionService.revoke(previous.getDetails().sessionId(), RevocationReason.REPLACED_BY_LOGIN);
		}
		StartedSession started;
		try {
			started = this.sessionService.start(authenticated,
					new ClientInfo(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
		}
		catch (SessionLimitExceededException ex) {
			throw new EndpointException(HttpStatus.FORBIDDEN,
					"Too many active sessions: log out of another device first.");
		}
		catch (AuthenticationException ex) {
			// a name that the SessionUserIdResolver refuses (one in the form of a
			// federated id): the same answer as a wrong password
			throw new EndpointException(HttpStatus.UNAUTHORIZED, BAD_LOGIN);
		}
		return startedSessionResponse(started, request, response);
	}

	/**
	 * Checks a password through the {@link PasswordCheck}, which login and
	 * re-authentication share with the form login.
	 * @param username the username
	 * @param password the password
	 * @param request the request, whose client address the throttle counts by
	 * @return the authentication
	 * @throws AuthenticationException when the password is wrong (answered {@code 401})
	 * @throws LoginRefusedException when it was not checked (answered {@code 429} or
	 * {@code 503})
	 */
	private Authentication checkPassword(String username, String password, HttpServletRequest request) {
		return this.passwordCheck.authenticate(this.authenticationManager.get(),
				UsernamePasswordAuthenticationToken.unauthenticated(username, password), request.getRemoteAddr());
	}

	private TokenResponse startedSessionResponse(StartedSession started, HttpServletRequest request,
			HttpServletResponse response) {
		this.cookies.write(request, response, started);
		return TokenResponse.of(started.session(), started.jwt(), this.tokenInBody ? started.sessionToken() : null);
	}

	/**
	 * The refresh endpoint reads the credential the authentication filter found (it does
	 * not authenticate this request): a bearer session token, a session token in the
	 * body, the session cookie, or, when enabled, a genuine JWT expired no longer ago
	 * than the grace period.
	 * @param bodyToken the session token of a JSON body, or {@code null}
	 * @param request the request, with the credential the filter resolved
	 * @param response the response, that gets the new JWT cookie and the token response
	 * (the new JWT, never the session token), sent before a racing logout can return
	 * @throws BadCredentialsException when no credential refreshes a live session
	 */
	private void refresh(String bodyToken, HttpServletRequest request, HttpServletResponse response) {
		HybridCredential credential = HybridCredential.of(request);
		Consumer<RefreshedSession> body = (refreshed) -> writeJson(response,
				TokenResponse.of(refreshed.session(), refreshed.jwt(), null));
		Optional<RefreshedSession> refreshed;
		if (credential != null && credential.isBearer() && credential.jwt() != null) {
			refreshed = liveSessionOfJwt(credential.jwt())
				.flatMap((session) -> this.refresher.refreshAndRespond(session, request, response, body));
		}
		else {
			String sessionToken = (credential != null && credential.isBearer()) ? credential.sessionToken()
					: (bodyToken != null) ? bodyToken : (credential != null) ? credential.sessionToken() : null;
			refreshed = (sessionToken != null) ? this.refresher.refreshAndRespond(sessionToken, request, response, body)
					: Optional.empty();
		}
		if (refreshed.isEmpty()) {
			throw invalidCredential();
		}
	}

	/**
	 * Writes a body itself, for the refresh: its JWT must be sent before the refresh lets
	 * a racing logout return.
	 * @param response the response
	 * @param body the JSON body
	 */
	private static void writeJson(HttpServletResponse response, Object body) {
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		try {
			json.writeValue(response.getOutputStream(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Optional<HybridSession> liveSessionOfJwt(String jwt) {
		if (this.expiredJwtGracePeriod == null) {
			return Optional.empty();
		}
		try {
			SessionJwtClaims verified = this.jwtVerifier.verifyAllowingExpiry(jwt, this.expiredJwtGracePeriod);
			return this.sessionService.findLive(verified.sessionId())
				.filter((session) -> session.userId().equals(verified.subject()));
		}
		catch (InvalidSessionJwtException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The session as read live by the request path, or read now for a request that came
	 * with a JWT.
	 * @param hybrid the request's authentication
	 * @return the live session
	 * @throws BadCredentialsException when the session is no longer live
	 */
	private HybridSession liveSession(HybridAuthentication hybrid) {
		HybridSession session = hybrid.getDetails().session();
		return (session != null) ? session : this.sessionService.findLive(hybrid.getDetails().sessionId())
			.orElseThrow(HybridAuthEndpoints::invalidCredential);
	}

	private static HybridAuthentication requireHybrid(Authentication current) {
		if (current instanceof HybridAuthentication hybrid) {
			return hybrid;
		}
		throw invalidCredential();
	}

	private static BadCredentialsException invalidCredential() {
		return new BadCredentialsException("The credential is invalid, expired or revoked.");
	}

	@ExceptionHandler(EndpointException.class)
	ResponseEntity<Problem> handleEndpointException(EndpointException ex) {
		return problem(ResponseEntity.status(ex.status), ex.status, ex.getMessage());
	}

	@ExceptionHandler(LoginRefusedException.class)
	ResponseEntity<Problem> handleLoginRefused(LoginRefusedException ex) {
		HttpStatus status = ex.isThrottled() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
		return problem(
				ResponseEntity.status(status)
					.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.getRetryAfterSeconds())),
				status, ex.getMessage());
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<Problem> handleStoreUnavailable(RuntimeException ex) {
		logger.warn("Session store unavailable: " + ex.getClass().getName());
		HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
		return problem(ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS), status,
				"The session store is unavailable. Try again shortly.");
	}

	/**
	 * A body that does not parse, or whose record refused a field ({@code 400} naming
	 * it).
	 * @param ex what reading the body threw
	 * @return a {@code 400} problem, naming the field when one is at fault
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Problem> handleUnreadableBody(HttpMessageNotReadableException ex) {
		if (NestedExceptionUtils.getRootCause(ex) instanceof EndpointException invalidField) {
			return handleEndpointException(invalidField);
		}
		String field = (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty())
				? jackson.getPath().get(0).getPropertyName() : null;
		return problem(ResponseEntity.badRequest(), HttpStatus.BAD_REQUEST,
				(field != null) ? "The field '" + field + "' is malformed." : "The request body is malformed.");
	}

	private static ResponseEntity<Problem> problem(ResponseEntity.BodyBuilder response, HttpStatus status,
			String detail) {
		return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(new Problem("about:blank", status.getReasonPhrase(), status.value(), detail));
	}

	/**
	 * An expected failure of an endpoint, answered as {@code application/problem+json}.
	 */
	static final class EndpointException extends RuntimeException {

		private final HttpStatus status;

		EndpointException(HttpStatus status, String detail) {
			super(detail, null, false, false);
			this.status = status;
		}

	}

}
