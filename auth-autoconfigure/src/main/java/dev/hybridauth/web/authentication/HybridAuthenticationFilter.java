package dev.hybridauth.web.authentication;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.HybridSessionService;
import dev.hybridauth.login.LoginRefusedException;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.web.SensitiveRouteRequirement;
import dev.hybridauth.web.SensitiveRouteResolver;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
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
 * Authenticates a request from its hybrid-auth credential and puts a
 * {@link HybridAuthentication} in the security context. The request path, in order:
 * <ol>
 * <li>the credential is found once ({@link CredentialResolver}); a malformed one answers
 * {@code 400} (two {@code Authorization} headers) or {@code 401 invalid_token};</li>
 * <li>a bearer JWT is verified locally, with no database call; a bearer session token is
 * checked live. If it fails, the answer is {@code 401 invalid_token} at once;</li>
 * <li>cookies (browsers): a valid JWT cookie is the fast path. When it is expired,
 * invalid or missing and the session cookie is present, the session is checked live and
 * refreshed, and a fresh JWT cookie is set on the same response. Cookies that fail are
 * cleared and the request goes on unauthenticated (so public pages keep working with
 * stale cookies); a protected route then answers {@code 401 invalid_token};</li>
 * <li>a sensitive route ({@link SensitiveRouteResolver}) has the session checked live,
 * with its current authorities and the step-up rule
 * ({@code 401 insufficient_user_authentication});</li>
 * <li>an unreachable session store answers {@code 503}.</li>
 * </ol>
 * A password check further down the chain (the form login of a chain with the DSL) that
 * did not take place ({@link LoginRefusedException}) is answered here: {@code 429} or
 * {@code 503}, with {@code Retry-After}. An {@code Authorization} header of another
 * scheme is left to other filters.
 */
public final class HybridAuthenticationFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(HybridAuthenticationFilter.class);

	private final RequestCredentials credentials;

	private final SessionJwtVerifier jwtVerifier;

	private JwtAuthenticator jwtAuthenticator;

	private final SessionTokenAuthenticator sessionTokenAuthenticator;

	private final HybridSessionService sessionService;

	private final SessionCookies cookies;

	private final HybridAuthenticationEntryPoint entryPoint = new HybridAuthenticationEntryPoint();

	private RequestMatcher credentialOnlyRequests = (request) -> false;

	private SensitiveRouteResolver sensitiveRoutes = SensitiveRouteResolver.NONE;

	private HybridAuthMetrics metrics;

	private Clock clock = Clock.systemUTC();

	private SensitiveRouteCheck sensitiveRouteCheck;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	/**
	 * Creates the filter; the security DSL ({@code HybridAuthConfigurer}) builds it from
	 * the auto-configured beans.
	 * @param credentialResolver how the credential is found on a request
	 * @param jwtVerifier the session JWT verifier
	 * @param sessionService the session service, for live checks
	 * @param refresher the refresh of a session over HTTP, for the transparent refresh of
	 * browsers
	 * @param cookies the session cookies, cleared when they fail
	 * @param metrics where authentications are counted
	 */
	public HybridAuthenticationFilter(CredentialResolver credentialResolver, SessionJwtVerifier jwtVerifier,
			HybridSessionService sessionService, SessionRefresher refresher, SessionCookies cookies,
			HybridAuthMetrics metrics) {
		Assert.notNull(credentialResolver, "credentialResolver cannot be null");
		Assert.notNull(jwtVerifier, "jwtVerifier cannot be null");
		Assert.notNull(sessionService, "sessionService cannot be null");
		Assert.notNull(refresher, "refresher cannot be null");
		Assert.notNull(cookies, "cookies cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.credentials = new RequestCredentials(credentialResolver);
		this.jwtVerifier = jwtVerifier;
		this.jwtAuthenticator = new JwtAuthenticator(jwtVerifier, metrics, null);
		this.sessionTokenAuthenticator = new SessionTokenAuthenticator(sessionService, refresher, metrics);
		this.sessionService = sessionService;
		this.cookies = cookies;
		this.metrics = metrics;
		this.sensitiveRouteCheck = new SensitiveRouteCheck(sessionService, metrics, this.clock);
	}

	/**
	 * Sets the requests that are passed on with their credential resolved but not
	 * checked.
	 * @param credentialOnlyRequests requests whose credential is found but not
	 * authenticated here, because the handler reads it itself (the refresh endpoint)
	 */
	public void setCredentialOnlyRequests(RequestMatcher credentialOnlyRequests) {
		Assert.notNull(credentialOnlyRequests, "credentialOnlyRequests cannot be null");
		this.credentialOnlyRequests = credentialOnlyRequests;
	}

	/**
	 * Sets the revocation view that session JWTs are checked against, in memory: a JWT of
	 * a revoked session, or issued before its user's authorities changed, is refused (by
	 * default, no view: a JWT is refused only when it expires).
	 * @param revocations this node's revocation view
	 */
	public void setRevocationView(RevocationView revocations) {
		Assert.notNull(revocations, "revocations cannot be null");
		this.jwtAuthenticator = new JwtAuthenticator(this.jwtVerifier, this.metrics, revocations);
	}

	/**
	 * Sets the resolver of sensitive routes (by default, none is sensitive).
	 * @param sensitiveRoutes tells which routes check the session live
	 */
	public void setSensitiveRouteResolver(SensitiveRouteResolver sensitiveRoutes) {
		Assert.notNull(sensitiveRoutes, "sensitiveRoutes cannot be null");
		this.sensitiveRoutes = sensitiveRoutes;
	}

	/**
	 * Sets the clock of the sensitive-route check (by default, the system clock in UTC).
	 * @param clock the clock that token and authentication ages are measured with
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.sensitiveRouteCheck = new SensitiveRouteCheck(this.sessionService, this.metrics, clock);
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
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			authenticateAndContinue(request, response, chain);
		}
		catch (LoginRefusedException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			response.resetBuffer();
			ProblemResponses.loginRefused(response, ex);
		}
	}

	private void authenticateAndContinue(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestCredentials.Resolution resolution = this.credentials.resolve(request);
		if (resolution.malformed() != null) {
			if (resolution.malformed().isBadRequest()) {
				ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "The request's credentials are malformed.");
			}
			else {
				ProblemResponses.invalidCredential(response);
			}
			return;
		}
		if (this.credentialOnlyRequests.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		HybridCredential credential = resolution.credential();
		SensitiveRouteRequirement sensitive = this.sensitiveRoutes.resolve(request);
		if (credential == null) {
			if (sensitive != null) {
				this.entryPoint.commence(request, response, null);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		HybridAuthentication authentication;
		try {
			authentication = authenticate(credential, request, response).orElse(null);
			if (authentication != null && sensitive != null) {
				SensitiveRouteCheck.Outcome outcome = this.sensitiveRouteCheck.check(authentication, sensitive);
				if (outcome.stepUpMaxAge() != null) {
					ProblemResponses.unauthorized(response,
							BearerChallenge.insufficientUserAuthentication(outcome.stepUpMaxAge().toSeconds()),
							"This action needs a more recent login: re-authenticate and try again.");
					return;
				}
				authentication = outcome.authentication();
			}
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Session store unavailable while checking a " + credential.source() + " credential: "
					+ ex.getClass().getName());
			ProblemResponses.storeUnavailable(response);
			return;
		}
		if (authentication != null) {
			SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
			context.setAuthentication(authentication);
			this.securityContextHolderStrategy.setContext(context);
			this.securityContextRepository.saveContext(context, request, response);
			chain.doFilter(request, response);
			return;
		}
		if (!credential.isBearer()) {
			this.cookies.clear(request, response);
		}
		if (credential.isBearer() || sensitive != null) {
			this.entryPoint.commence(request, response, null);
			return;
		}
		chain.doFilter(request, response);
	}

	private Optional<HybridAuthentication> authenticate(HybridCredential credential, HttpServletRequest request,
			HttpServletResponse response) {
		if (credential.isBearer()) {
			return (credential.jwt() != null) ? this.jwtAuthenticator.authenticate(credential.jwt())
					: this.sessionTokenAuthenticator.authenticate(credential.sessionToken());
		}
		if (credential.jwt() != null) {
			Optional<HybridAuthentication> jwt = this.jwtAuthenticator.authenticate(credential.jwt());
			if (jwt.isPresent()) {
				return jwt;
			}
		}
		return (credential.sessionToken() != null)
				? this.sessionTokenAuthenticator.authenticateAndRefresh(credential.sessionToken(), request, response)
				: Optional.empty();
	}

}
