package dev.hybridauth.config;

import java.time.Clock;
import java.util.function.Supplier;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.login.PasswordCheck;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.revocation.RevocationView;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.web.EndpointSettings;
import dev.hybridauth.web.SensitiveRouteResolver;
import dev.hybridauth.web.SessionCookies;
import dev.hybridauth.web.SessionRefresher;
import dev.hybridauth.web.authentication.CredentialResolver;
import dev.hybridauth.web.authentication.HybridAccessDeniedHandler;
import dev.hybridauth.web.authentication.HybridAuthenticationEntryPoint;
import dev.hybridauth.web.authentication.HybridAuthenticationFilter;
import dev.hybridauth.web.authentication.HybridCsrfRequestMatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Gives a {@code SecurityFilterChain} the hybrid-auth behaviour: the authentication
 * filter, stateless sessions, CSRF protection for cookie-authenticated calls (its token
 * in a cookie that follows the session cookies' rules, replaced at every login),
 * problem+json {@code 401}/{@code 403} answers, and public access to the login, logout,
 * refresh, CSRF and JWKS endpoints. A {@code formLogin()} of the chain checks passwords
 * through the {@link PasswordCheck}, like the login endpoint: throttled before the hash
 * ({@code 429}), bounded in concurrency, an outage answered {@code 503}. Use it in an
 * application's own chain:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *     .with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
 * }</pre>
 *
 * Each collaborator is, in this order: the one set on this configurer, a shared object of
 * the {@code HttpSecurity}, the application context's bean of its type, or the default.
 */
public final class HybridAuthConfigurer extends AbstractHttpConfigurer<HybridAuthConfigurer, HttpSecurity> {

	private final HybridAuthenticationEntryPoint entryPoint = new HybridAuthenticationEntryPoint();

	private CredentialResolver credentialResolver;

	private HybridSessionService sessionService;

	private SessionJwtVerifier jwtVerifier;

	private SensitiveRouteResolver sensitiveRouteResolver;

	private EndpointSettings endpointSettings;

	private boolean permitEndpoints = true;

	private HybridAuthConfigurer() {
	}

	/**
	 * Creates a configurer that takes every collaborator not set on it from the
	 * {@code HttpSecurity} or the application context.
	 * @return a new configurer, for {@code http.with(hybridAuth(), ...)}
	 */
	public static HybridAuthConfigurer hybridAuth() {
		return new HybridAuthConfigurer();
	}

	/**
	 * Sets how the filter and the CSRF rule find a request's credential.
	 * @param credentialResolver how the credential is found on a request (default: a
	 * bearer header, then the session cookies)
	 * @return this configurer
	 */
	public HybridAuthConfigurer credentialResolver(CredentialResolver credentialResolver) {
		Assert.notNull(credentialResolver, "credentialResolver cannot be null");
		this.credentialResolver = credentialResolver;
		return this;
	}

	/**
	 * Sets the session service of the filter; it also does the transparent refresh of
	 * browsers, whatever {@code SessionRefresher} the application context has.
	 * @param sessionService the session service that live checks use
	 * @return this configurer
	 */
	public HybridAuthConfigurer sessionService(HybridSessionService sessionService) {
		Assert.notNull(sessionService, "sessionService cannot be null");
		this.sessionService = sessionService;
		return this;
	}

	/**
	 * Sets the verifier that the filter checks bearer and cookie JWTs with.
	 * @param jwtVerifier the verifier of session JWTs
	 * @return this configurer
	 */
	public HybridAuthConfigurer jwtVerifier(SessionJwtVerifier jwtVerifier) {
		Assert.notNull(jwtVerifier, "jwtVerifier cannot be null");
		this.jwtVerifier = jwtVerifier;
		return this;
	}

	/**
	 * Sets which routes are sensitive; without one set here or as a bean, none is.
	 * @param sensitiveRouteResolver tells which routes check the session live
	 * @return this configurer
	 */
	public HybridAuthConfigurer sensitiveRouteResolver(SensitiveRouteResolver sensitiveRouteResolver) {
		Assert.notNull(sensitiveRouteResolver, "sensitiveRouteResolver cannot be null");
		this.sensitiveRouteResolver = sensitiveRouteResolver;
		return this;
	}

	/**
	 * Sets whether this configurer opens the public endpoints in the chain's
	 * authorization rules itself.
	 * @param permitEndpoints whether the public endpoints (login, logout, refresh, CSRF,
	 * JWKS) are let through the chain's authorization rules (default {@code true}); off,
	 * the application's rules must permit them
	 * @return this configurer
	 */
	public HybridAuthConfigurer permitEndpoints(boolean permitEndpoints) {
		this.permitEndpoints = permitEndpoints;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		// No HttpSession: the session lives in the hybrid-auth store. Shared objects,
		// because the configurers that read them may have been initialised before this
		// one.
		http.sessionManagement(AbstractHttpConfigurer::disable);
		NullRequestCache noRequestCache = new NullRequestCache();
		http.requestCache((cache) -> cache.requestCache(noRequestCache));
		http.setSharedObject(RequestCache.class, noRequestCache);
		http.setSharedObject(SecurityContextRepository.class, new RequestAttributeSecurityContextRepository());
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint)
			.accessDeniedHandler(new HybridAccessDeniedHandler()));
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			// the CSRF cookie follows the session cookies: Secure and __Host- with them
			csrf.csrfTokenRepository(cookies(http).csrfTokenRepository())
				.requireCsrfProtectionMatcher(new HybridCsrfRequestMatcher(credentialResolver(http)));
		}
		AuthorizeHttpRequestsConfigurer<HttpSecurity> authorize = http
			.getConfigurer(AuthorizeHttpRequestsConfigurer.class);
		if (authorize != null && this.permitEndpoints) {
			authorize.withObjectPostProcessor(permitting(publicEndpoints(endpointSettings(http))));
		}
		FormLoginConfigurer<HttpSecurity> formLogin = http.getConfigurer(FormLoginConfigurer.class);
		if (formLogin != null) {
			formLogin.withObjectPostProcessor(checkingPasswords(http));
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		HybridSessionService service = (this.sessionService != null) ? this.sessionService
				: get(http, HybridSessionService.class, null);
		// a session service set here refreshes too, whatever refresher the context has
		SessionRefresher refresher = (this.sessionService != null) ? new SessionRefresher(service, cookies(http))
				: get(http, SessionRefresher.class, () -> new SessionRefresher(service, cookies(http)));
		HybridAuthenticationFilter filter = new HybridAuthenticationFilter(credentialResolver(http),
				(this.jwtVerifier != null) ? this.jwtVerifier : get(http, SessionJwtVerifier.class, null), service,
				refresher, cookies(http), get(http, HybridAuthMetrics.class, () -> HybridAuthMetrics.NONE));
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		filter.setCredentialOnlyRequests(PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.POST, endpointSettings(http).path(EndpointSettings.REFRESH)));
		filter.setSensitiveRouteResolver((this.sensitiveRouteResolver != null) ? this.sensitiveRouteResolver
				: get(http, SensitiveRouteResolver.class, () -> SensitiveRouteResolver.NONE));
		filter.setClock(get(http, Clock.class, Clock::systemUTC));
		RevocationView revocations = get(http, RevocationView.class, () -> null);
		if (revocations != null) {
			filter.setRevocationView(revocations);
		}
		http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
	}

	private CredentialResolver credentialResolver(HttpSecurity http) {
		if (this.credentialResolver == null) {
			this.credentialResolver = get(http, CredentialResolver.class, () -> CredentialResolver
				.firstOf(CredentialResolver.bearer(), CredentialResolver.cookies(cookies(http))));
		}
		return this.credentialResolver;
	}

	private EndpointSettings endpointSettings(HttpSecurity http) {
		if (this.endpointSettings == null) {
			this.endpointSettings = get(http, EndpointSettings.class, EndpointSettings::defaults);
		}
		return this.endpointSettings;
	}

	private static SessionCookies cookies(HttpSecurity http) {
		return get(http, SessionCookies.class, null);
	}

	/**
	 * The shared object of this type, else the application context's only bean of it,
	 * else the default.
	 * @param <T> the collaborator's type
	 * @param http the chain being configured
	 * @param type the collaborator's type
	 * @param defaultValue the default, or {@code null} when the collaborator is required
	 * @return the collaborator
	 * @throws IllegalStateException when a required collaborator is nowhere to be found
	 */
	private static <T> T get(HttpSecurity http, Class<T> type, Supplier<T> defaultValue) {
		T shared = http.getSharedObject(type);
		if (shared != null) {
			return shared;
		}
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		T bean = (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
		if (bean != null) {
			return bean;
		}
		if (defaultValue == null) {
			throw new IllegalStateException("hybrid-auth needs a " + type.getName() + ": the hybrid-auth "
					+ "auto-configuration provides one, or set it on the HybridAuthConfigurer");
		}
		return defaultValue.get();
	}

	/**
	 * Puts the {@link PasswordCheck} in front of the form login's authentication manager,
	 * once the form's configurer has given the filter that manager (Spring Security
	 * authenticates a form login before any success handler runs).
	 * @param http the chain being configured
	 * @return a post-processor of the form login's filter
	 */
	private static ObjectPostProcessor<UsernamePasswordAuthenticationFilter> checkingPasswords(HttpSecurity http) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
				PasswordCheck passwordCheck = get(http, PasswordCheck.class, () -> null);
				AuthenticationManager manager = http.getSharedObject(AuthenticationManager.class);
				if (passwordCheck != null && manager != null) {
					filter.setAuthenticationManager(new FormLoginPasswordCheck(passwordCheck, manager));
				}
				return filter;
			}
		};
	}

	private static RequestMatcher publicEndpoints(EndpointSettings settings) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher(HttpMethod.POST, settings.path(EndpointSettings.LOGIN)),
				paths.matcher(HttpMethod.POST, settings.path(EndpointSettings.LOGOUT)),
				paths.matcher(HttpMethod.POST, settings.path(EndpointSettings.REFRESH)),
				paths.matcher(HttpMethod.GET, settings.path(EndpointSettings.CSRF)),
				paths.matcher(HttpMethod.GET, EndpointSettings.JWKS));
	}

	/**
	 * Lets the public endpoints through whatever rules the application's
	 * {@code authorizeHttpRequests} sets, so that they need no rule of their own there.
	 * @param publicEndpoints the requests to the public endpoints
	 * @return a post-processor that wraps the chain's authorization manager
	 */
	private static ObjectPostProcessor<AuthorizationManager<HttpServletRequest>> permitting(
			RequestMatcher publicEndpoints) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends AuthorizationManager<HttpServletRequest>> O postProcess(O manager) {
				AuthorizationManager<HttpServletRequest> permittingPublic = new AuthorizationManager<>() {
					@Override
					public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
							HttpServletRequest request) {
						return publicEndpoints.matches(request) ? new AuthorizationDecision(true)
								: manager.authorize(authentication, request);
					}
				};
				@SuppressWarnings("unchecked")
				O result = (O) permittingPublic;
				return result;
			}
		};
	}

}
