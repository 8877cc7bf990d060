package dev.hybridauth.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.hybridauth.ClientInfo;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SessionLimitExceededException;
import dev.hybridauth.SessionJwt;
import dev.hybridauth.StartedSession;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.VerifiedSessionJwt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.transaction.TransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hybrid-auth HTTP endpoints under {@code hybrid-auth.endpoints.base-path} (default {@code /auth}):
 * login, refresh, logout, re-authentication, the current session, the caller's sessions (devices) and the CSRF
 * token.
 */
@RestController
@RequestMapping("${hybrid-auth.endpoints.base-path:/auth}")
public class HybridAuthEndpoints {

    private static final Log logger = LogFactory.getLog(HybridAuthEndpoints.class);

    private static final String BAD_LOGIN = "Invalid username or password.";

    private final Supplier<AuthenticationManager> authenticationManager;

    private final HybridSessionService sessionService;

    private final SessionCookies cookies;

    private final Clock clock;

    private final boolean tokenInBody;

    private final SessionJwtVerifier jwtVerifier;

    private final Duration expiredJwtGracePeriod;

    /**
     * @param authenticationManager the application's authentication manager, resolved on first use
     * @param sessionService the session service
     * @param cookies the session cookies
     * @param clock the clock that cookie lifetimes are measured against
     * @param tokenInBody whether the login response carries the session token in its body
     * @param jwtVerifier the session JWT verifier, for refreshes with a JWT
     * @param expiredJwtGracePeriod how long after its expiry a JWT may still refresh its session, or
     * {@code null} when refresh does not accept JWTs
     */
    public HybridAuthEndpoints(Supplier<AuthenticationManager> authenticationManager,
            HybridSessionService sessionService, SessionCookies cookies, Clock clock, boolean tokenInBody,
            SessionJwtVerifier jwtVerifier, Duration expiredJwtGracePeriod) {
        this.authenticationManager = authenticationManager;
        this.sessionService = sessionService;
        this.cookies = cookies;
        this.clock = clock;
        this.tokenInBody = tokenInBody;
        this.jwtVerifier = jwtVerifier;
        this.expiredJwtGracePeriod = expiredJwtGracePeriod;
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> login(@RequestBody Map<String, Object> body, Authentication current,
            HttpServletRequest request, HttpServletResponse response) {
        return login(text(body, "username"), text(body, "password"), current, request, response);
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public Map<String, Object> loginForm(@RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "password", required = false) String password, Authentication current,
            HttpServletRequest request, HttpServletResponse response) {
        return login(required(username, "username"), required(password, "password"), current, request, response);
    }

    @PostMapping("/login")
    public void loginUnsupportedMediaType() {
        throw new EndpointProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the credentials as application/json or application/x-www-form-urlencoded.", null);
    }

    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> refreshWithBody(@RequestBody Map<String, Object> body, HttpServletRequest request,
            HttpServletResponse response) {
        Object sessionToken = body.get("session_token");
        if (sessionToken != null && !(sessionToken instanceof String)) {
            throw EndpointProblem.badRequest("The field 'session_token' must be a string.");
        }
        return refresh((String) sessionToken, request, response);
    }

    @PostMapping("/refresh")
    public Map<String, Object> refresh(HttpServletRequest request, HttpServletResponse response) {
        return refresh(null, request, response);
    }

    @PostMapping("/logout")
    public ResponseEntity<Void> logout(Authentication current, HttpServletRequest request,
            HttpServletResponse response) {
        if (current instanceof HybridAuthentication hybrid) {
            sessionService.revoke(hybrid.getDetails().sessionId(), RevocationReason.LOGOUT);
        }
        cookies.clear(request, response);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout-all")
    public ResponseEntity<Void> logoutAll(Authentication current, HttpServletRequest request,
            HttpServletResponse response) {
        sessionService.revokeAll(requireHybrid(current).getName(), RevocationReason.LOGOUT_ALL);
        cookies.clear(request, response);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/sessions")
    public Map<String, Object> sessions(Authentication current) {
        HybridAuthentication hybrid = requireHybrid(current);
        List<Map<String, Object>> sessions = sessionService.findLiveSessions(hybrid.getName()).stream().map(session -> {
            Map<String, Object> json = SessionRepresentation.session(session);
            json.put("current", session.sessionId().equals(hybrid.getDetails().sessionId()));
            return json;
        }).toList();
        return Map.of("sessions", sessions);
    }

    @DeleteMapping("/sessions/{sessionId}")
    public ResponseEntity<Void> revokeSession(@PathVariable String sessionId, Authentication current) {
        HybridAuthentication hybrid = requireHybrid(current);
        boolean own = sessionService.findLive(sessionId)
            .filter(session -> session.userId().equals(hybrid.getName()))
            .isPresent();
        if (!own || !sessionService.revoke(sessionId, RevocationReason.REVOKED_BY_USER)) {
            throw new EndpointProblem(HttpStatus.NOT_FOUND, "No such session.", null);
        }
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/sessions")
    public ResponseEntity<Void> revokeOtherSessions(Authentication current) {
        HybridAuthentication hybrid = requireHybrid(current);
        sessionService.revokeOthers(hybrid.getName(), hybrid.getDetails().sessionId(),
                RevocationReason.REVOKED_BY_USER);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/reauthenticate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reauthenticate(@RequestBody Map<String, Object> body, Authentication current,
            HttpServletRequest request, HttpServletResponse response) {
        HybridAuthentication hybrid = requireHybrid(current);
        String password = text(body, "password");
        HybridSession session = sessionService.findLive(hybrid.getDetails().sessionId())
            .orElseThrow(EndpointProblem::invalidCredential);
        Authentication authenticated;
        try {
            authenticated = authenticationManager.get()
                .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(hybrid.getName(), password));
        }
        catch (AuthenticationException ex) {
            throw new EndpointProblem(HttpStatus.UNAUTHORIZED, "Invalid password.", null);
        }
        StartedSession reauthenticated = sessionService.reauthenticate(session, authenticated)
            .orElseThrow(EndpointProblem::invalidCredential);
        return startedSessionResponse(reauthenticated, request, response);
    }

    @GetMapping("/session")
    public Map<String, Object> session(Authentication current) {
        HybridAuthentication hybrid = requireHybrid(current);
        HybridSession session = hybrid.getDetails().session();
        if (session == null) {
            session = sessionService.findLive(hybrid.getDetails().sessionId())
                .orElseThrow(EndpointProblem::invalidCredential);
        }
        Map<String, Object> json = SessionRepresentation.session(session);
        json.put("authenticated_via", hybrid.getDetails().method().contractName());
        json.put("authorities", hybrid.getAuthorities().stream().map(a -> a.getAuthority()).toList());
        return json;
    }

    @GetMapping("/csrf")
    public Map<String, Object> csrf(CsrfToken csrfToken) {
        if (csrfToken == null) {
            throw new EndpointProblem(HttpStatus.NOT_FOUND, "CSRF protection is not enabled.", null);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token", csrfToken.getToken());
        json.put("header_name", csrfToken.getHeaderName());
        json.put("parameter_name", csrfToken.getParameterName());
        return json;
    }

    private Map<String, Object> login(String username, String password, Authentication current,
            HttpServletRequest request, HttpServletResponse response) {
        Authentication authenticated;
        try {
            authenticated = authenticationManager.get()
                .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        }
        catch (AuthenticationException ex) {
            throw new EndpointProblem(HttpStatus.UNAUTHORIZED, BAD_LOGIN, null);
        }
        if (current instanceof HybridAuthentication previous) {
            sessionService.revoke(previous.getDetails().sessionId(), RevocationReason.REPLACED_BY_LOGIN);
        }
        StartedSession started;
        try {
            started = sessionService.start(authenticated,
                    new ClientInfo(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT)));
        }
        catch (SessionLimitExceededException ex) {
            throw new EndpointProblem(HttpStatus.FORBIDDEN,
                    "Too many active sessions: log out of another device first.", null);
        }
        return startedSessionResponse(started, request, response);
    }

    private Map<String, Object> startedSessionResponse(StartedSession started, HttpServletRequest request,
            HttpServletResponse response) {
        cookies.writeSessionToken(request, response, started.sessionToken(), started.session().absoluteExpiresAt(),
                clock.instant());
        cookies.writeJwt(request, response, started.jwt().token(), started.jwt().expiresAt(),
                started.jwt().issuedAt());
        return tokenResponse(started.session(), started.jwt(), tokenInBody ? started.sessionToken() : null);
    }

    /**
     * The refresh endpoint reads its own credential (the authentication filter leaves it alone): a bearer
     * session token, a session token in the body, the session cookie, or, when enabled, a genuine JWT expired no
     * longer ago than the grace period.
     */
    private Map<String, Object> refresh(String bodyToken, HttpServletRequest request, HttpServletResponse response) {
        HybridSession session = liveSessionToRefresh(bodyToken, request).orElseThrow(EndpointProblem::invalidCredential);
        RefreshedSession refreshed = sessionService.refresh(session).orElseThrow(EndpointProblem::invalidCredential);
        cookies.writeJwt(request, response, refreshed.jwt().token(), refreshed.jwt().expiresAt(),
                refreshed.jwt().issuedAt());
        return tokenResponse(refreshed.session(), refreshed.jwt(), null);
    }

    private Optional<HybridSession> liveSessionToRefresh(String bodyToken, HttpServletRequest request) {
        Credential bearer;
        try {
            bearer = CredentialResolver.bearer(request);
        }
        catch (MalformedCredentialException ex) {
            throw ex.isBadRequest() ? EndpointProblem.badRequest("The request's credentials are malformed.")
                    : EndpointProblem.invalidCredential();
        }
        if (bearer != null && bearer.isJwt()) {
            return liveSessionOfJwt(bearer.value());
        }
        String sessionToken = (bearer != null) ? bearer.value()
                : (bodyToken != null) ? bodyToken : cookies.readSessionToken(request);
        return (sessionToken != null) ? sessionService.authenticate(sessionToken) : Optional.empty();
    }

    private Optional<HybridSession> liveSessionOfJwt(String jwt) {
        if (expiredJwtGracePeriod == null) {
            return Optional.empty();
        }
        try {
            VerifiedSessionJwt verified = jwtVerifier.verifyAllowingExpiry(jwt, expiredJwtGracePeriod);
            return sessionService.findLive(verified.sessionId())
                .filter(session -> session.userId().equals(verified.subject()));
        }
        catch (InvalidSessionJwtException ex) {
            return Optional.empty();
        }
    }

    private Map<String, Object> tokenResponse(HybridSession session, SessionJwt jwt, String sessionToken) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (sessionToken != null) {
            json.put("session_token", sessionToken);
        }
        json.put("session_jwt", jwt.token());
        json.put("session_jwt_expires_at", SessionRepresentation.time(jwt.expiresAt()));
        json.put("session", SessionRepresentation.session(session));
        return json;
    }

    private static HybridAuthentication requireHybrid(Authentication current) {
        if (current instanceof HybridAuthentication hybrid) {
            return hybrid;
        }
        throw EndpointProblem.invalidCredential();
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = (body != null) ? body.get(field) : null;
        if (value != null && !(value instanceof String)) {
            throw EndpointProblem.badRequest("The field '" + field + "' must be a string.");
        }
        return required((String) value, field);
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw EndpointProblem.badRequest("The field '" + field + "' is required.");
        }
        return value;
    }

    @ExceptionHandler(EndpointProblem.class)
    void handleProblem(EndpointProblem problem, HttpServletResponse response) throws IOException {
        if (problem.wwwAuthenticate() != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, problem.wwwAuthenticate());
        }
        ProblemResponses.write(response, problem.status(), problem.getMessage());
    }

    @ExceptionHandler({ DataAccessException.class, TransactionException.class })
    void handleStoreUnavailable(RuntimeException ex, HttpServletResponse response) throws IOException {
        logger.warn("Session store unavailable: " + ex.getClass().getName());
        ProblemResponses.storeUnavailable(response);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    void handleUnreadableBody(HttpServletResponse response) throws IOException {
        ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "The request body is malformed.");
    }

    @ExceptionHandler(Exception.class)
    void handleMvcError(Exception ex, HttpServletResponse response) throws Exception {
        if (ex instanceof ErrorResponse errorResponse) {
            HttpStatus status = HttpStatus.valueOf(errorResponse.getStatusCode().value());
            ProblemResponses.write(response, status, "The request cannot be processed: " + status.getReasonPhrase() + ".");
            return;
        }
        throw ex;
    }

}
