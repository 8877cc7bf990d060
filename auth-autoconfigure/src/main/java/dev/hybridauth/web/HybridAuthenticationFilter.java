package dev.hybridauth.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.hybridauth.AuthenticationMethod;
import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSession;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RefreshedSession;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.token.InvalidSessionJwtException;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.token.VerifiedSessionJwt;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.TransactionException;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request from its hybrid-auth credential and puts a {@link HybridAuthentication} in the
 * security context.
 * <ul>
 * <li>{@code Authorization: Bearer}: a JWT (two dots) is verified locally, with no database call; an opaque
 * session token is checked live. If it fails, the answer is {@code 401 invalid_token} at once.</li>
 * <li>Cookies (browsers): a valid JWT cookie is the fast path. When it is expired, invalid or missing and the
 * session cookie is present, the session is checked live, refreshed, and a fresh JWT cookie is set on the same
 * response. Cookies that fail are cleared and the request goes on unauthenticated (so public pages keep working
 * with stale cookies); a protected route then answers {@code 401 invalid_token}.</li>
 * <li>Sensitive routes ({@link SensitiveRoutes}) check the session live, use its current authorities, and
 * apply the step-up rule ({@code 401 insufficient_user_authentication}).</li>
 * <li>An {@code Authorization} header of another scheme is left to other filters; if none authenticates the
 * request, a protected route answers {@code 401 invalid_token}.</li>
 * <li>Two {@code Authorization} headers answer {@code 400}; an unreachable session store {@code 503}.</li>
 * </ul>
 */
public class HybridAuthenticationFilter extends OncePerRequestFilter {

    private static final Log logger = LogFactory.getLog(HybridAuthenticationFilter.class);

    private final CredentialResolver credentialResolver;

    private final SessionJwtVerifier jwtVerifier;

    private final HybridSessionService sessionService;

    private final SessionCookies cookies;

    private final HybridAuthenticationEntryPoint entryPoint;

    private RequestMatcher ignoredRequests = request -> false;

    private SensitiveRoutes sensitiveRoutes;

    private HybridAuthMetrics metrics = HybridAuthMetrics.NONE;

    private Clock clock = Clock.systemUTC();

    private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
        .getContextHolderStrategy();

    private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

    public HybridAuthenticationFilter(CredentialResolver credentialResolver, SessionJwtVerifier jwtVerifier,
            HybridSessionService sessionService, SessionCookies cookies, HybridAuthenticationEntryPoint entryPoint) {
        Assert.notNull(credentialResolver, "credentialResolver cannot be null");
        Assert.notNull(jwtVerifier, "jwtVerifier cannot be null");
        Assert.notNull(sessionService, "sessionService cannot be null");
        Assert.notNull(cookies, "cookies cannot be null");
        Assert.notNull(entryPoint, "entryPoint cannot be null");
        this.credentialResolver = credentialResolver;
        this.jwtVerifier = jwtVerifier;
        this.sessionService = sessionService;
        this.cookies = cookies;
        this.entryPoint = entryPoint;
    }

    /**
     * @param ignoredRequests requests this filter leaves alone (the refresh endpoint reads its own credential)
     */
    public void setIgnoredRequests(RequestMatcher ignoredRequests) {
        Assert.notNull(ignoredRequests, "ignoredRequests cannot be null");
        this.ignoredRequests = ignoredRequests;
    }

    /**
     * @param sensitiveRoutes the routes that check the session live, with the user's current authorities
     * @param clock the clock that token and authentication ages are measured with
     */
    public void setSensitiveRoutes(SensitiveRoutes sensitiveRoutes, Clock clock) {
        Assert.notNull(sensitiveRoutes, "sensitiveRoutes cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.sensitiveRoutes = sensitiveRoutes;
        this.clock = clock;
    }

    public void setMetrics(HybridAuthMetrics metrics) {
        Assert.notNull(metrics, "metrics cannot be null");
        this.metrics = metrics;
    }

    public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
        Assert.notNull(securityContextHolderStrategy, "securityContextHolderStrategy cannot be null");
        this.securityContextHolderStrategy = securityContextHolderStrategy;
    }

    public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
        Assert.notNull(securityContextRepository, "securityContextRepository cannot be null");
        this.securityContextRepository = securityContextRepository;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ignoredRequests.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Credential credential;
        try {
            credential = credentialResolver.resolve(request);
        }
        catch (MalformedCredentialException ex) {
            if (ex.isBadRequest()) {
                ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "The request's credentials are malformed.");
            }
            else {
                ProblemResponses.invalidCredential(response);
            }
            return;
        }
        SensitiveRoutes.Requirement sensitive = (sensitiveRoutes != null) ? sensitiveRoutes.requirementFor(request)
                : null;
        if (credential == null) {
            if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                // Another scheme (Basic, say): left to other filters, but a protected route says invalid_token.
                request.setAttribute(HybridAuthenticationEntryPoint.CREDENTIAL_REJECTED, Boolean.TRUE);
            }
            if (sensitive != null) {
                entryPoint.commence(request, response, null);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Optional<HybridAuthentication> authentication;
        try {
            authentication = (credential.source() == Credential.Source.BEARER) ? fromBearer(credential)
                    : fromCookies(request, response);
            if (authentication.isPresent() && sensitive != null) {
                SensitiveCheck check = checkSensitive(authentication.get(), sensitive);
                if (check.maxAuthenticationAge() != null) {
                    ProblemResponses.unauthorized(response,
                            BearerChallenge.insufficientUserAuthentication(check.maxAuthenticationAge().toSeconds()),
                            "This action needs a more recent login: re-authenticate and try again.");
                    return;
                }
                authentication = check.authentication();
            }
        }
        catch (DataAccessException | TransactionException ex) {
            logger.warn("Session store unavailable while checking a " + credential.source() + " credential: "
                    + ex.getClass().getName());
            ProblemResponses.storeUnavailable(response);
            return;
        }
        if (authentication.isPresent()) {
            SecurityContext context = securityContextHolderStrategy.createEmptyContext();
            context.setAuthentication(authentication.get());
            securityContextHolderStrategy.setContext(context);
            securityContextRepository.saveContext(context, request, response);
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(HybridAuthenticationEntryPoint.CREDENTIAL_REJECTED, Boolean.TRUE);
        if (credential.source() != Credential.Source.BEARER) {
            cookies.clear(request, response);
        }
        if (credential.source() == Credential.Source.BEARER || sensitive != null) {
            entryPoint.commence(request, response, null);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A sensitive route: the session checked live (unless the JWT is younger than the route's maxTokenAge, or the
     * credential was the session token, already checked live), its current authorities, and the step-up rule.
     */
    private SensitiveCheck checkSensitive(HybridAuthentication authentication,
            SensitiveRoutes.Requirement requirement) {
        HybridAuthentication.Details details = authentication.getDetails();
        Instant now = clock.instant();
        HybridAuthentication checked = authentication;
        if (details.session() == null && !isYoungerThan(details.issuedAt(), requirement.maxTokenAge(), now)) {
            Optional<HybridSession> live = sessionService.findLive(details.sessionId())
                .filter(session -> session.userId().equals(authentication.getName()));
            metrics.liveCheck(live.isPresent());
            if (live.isEmpty()) {
                return new SensitiveCheck(Optional.empty(), null);
            }
            checked = withLiveSession(authentication, live.get());
        }
        Duration maxAuthenticationAge = requirement.maxAuthenticationAge();
        if (maxAuthenticationAge != null
                && checked.getDetails().authenticatedAt().isBefore(now.minus(maxAuthenticationAge))) {
            return new SensitiveCheck(Optional.of(checked), maxAuthenticationAge);
        }
        return new SensitiveCheck(Optional.of(checked), null);
    }

    private static boolean isYoungerThan(Instant issuedAt, Duration maxAge, Instant now) {
        return !maxAge.isZero() && issuedAt.isAfter(now.minus(maxAge));
    }

    private static HybridAuthentication withLiveSession(HybridAuthentication authentication, HybridSession session) {
        HybridAuthentication.Details details = authentication.getDetails();
        return new HybridAuthentication(session.userId(),
                session.authorities().stream().map(SimpleGrantedAuthority::new).toList(),
                new HybridAuthentication.Details(details.method(), session.sessionId(), session.authenticatedAt(),
                        details.issuedAt(), session));
    }

    /**
     * @param authentication the authentication to go on with, or empty when the session is no longer live
     * @param maxAuthenticationAge set when the step-up rule failed: the route's largest authentication age
     */
    private record SensitiveCheck(Optional<HybridAuthentication> authentication, Duration maxAuthenticationAge) {

    }

    private Optional<HybridAuthentication> fromBearer(Credential credential) {
        if (credential.isJwt()) {
            Optional<HybridAuthentication> jwt = verifiedJwt(credential.value()).map(HybridAuthenticationFilter::fromJwt);
            metrics.authentication(AuthenticationMethod.JWT, jwt.isPresent());
            return jwt;
        }
        Optional<HybridAuthentication> session = sessionService.authenticate(credential.value())
            .map(HybridAuthenticationFilter::fromSession);
        metrics.authentication(AuthenticationMethod.SESSION, session.isPresent());
        return session;
    }

    private Optional<HybridAuthentication> fromCookies(HttpServletRequest request, HttpServletResponse response) {
        String jwt = cookies.readJwt(request);
        if (jwt != null) {
            Optional<VerifiedSessionJwt> verified = verifiedJwt(jwt);
            metrics.authentication(AuthenticationMethod.JWT, verified.isPresent());
            if (verified.isPresent()) {
                return verified.map(HybridAuthenticationFilter::fromJwt);
            }
        }
        String sessionToken = cookies.readSessionToken(request);
        if (sessionToken == null) {
            return Optional.empty();
        }
        Optional<RefreshedSession> refreshed = sessionService.authenticate(sessionToken)
            .flatMap(sessionService::refresh);
        metrics.authentication(AuthenticationMethod.SESSION, refreshed.isPresent());
        refreshed.ifPresent(session -> cookies.writeJwt(request, response, session.jwt().token(),
                session.jwt().expiresAt(), session.jwt().issuedAt()));
        return refreshed.map(session -> fromSession(session.session()));
    }

    private Optional<VerifiedSessionJwt> verifiedJwt(String token) {
        try {
            return Optional.of(jwtVerifier.verify(token));
        }
        catch (InvalidSessionJwtException ex) {
            if (logger.isDebugEnabled()) {
                logger.debug("Session JWT refused: " + ex.getMessage());
            }
            return Optional.empty();
        }
    }

    static HybridAuthentication fromSession(HybridSession session) {
        return new HybridAuthentication(session.userId(),
                session.authorities().stream().map(SimpleGrantedAuthority::new).toList(),
                new HybridAuthentication.Details(AuthenticationMethod.SESSION, session.sessionId(),
                        session.authenticatedAt(), session.startedAt(), session));
    }

    static HybridAuthentication fromJwt(VerifiedSessionJwt jwt) {
        return new HybridAuthentication(jwt.subject(), jwt.roles().stream().map(SimpleGrantedAuthority::new).toList(),
                new HybridAuthentication.Details(AuthenticationMethod.JWT, jwt.sessionId(), jwt.authenticatedAt(),
                        jwt.issuedAt(), null));
    }

}
