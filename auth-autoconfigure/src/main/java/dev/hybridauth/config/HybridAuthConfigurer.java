package dev.hybridauth.config;

import java.time.Clock;
import java.util.function.Supplier;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.HybridAuthProperties;
import dev.hybridauth.metrics.HybridAuthMetrics;
import dev.hybridauth.token.SessionJwtVerifier;
import dev.hybridauth.web.CredentialResolver;
import dev.hybridauth.web.CsrfRequirement;
import dev.hybridauth.web.HybridAccessDeniedHandler;
import dev.hybridauth.web.HybridAuthenticationEntryPoint;
import dev.hybridauth.web.HybridAuthenticationFilter;
import dev.hybridauth.web.SensitiveRoutes;
import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Gives a {@code SecurityFilterChain} the hybrid-auth behaviour: the authentication filter, stateless
 * sessions, CSRF protection for cookie-authenticated calls, problem+json {@code 401}/{@code 403} answers, and
 * public access to the login, logout, refresh, CSRF and JWKS endpoints. Use it in an application's own chain:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *     .with(HybridAuthConfigurer.hybridAuth(), Customizer.withDefaults());
 * }</pre>
 *
 * Its collaborators are the beans of the hybrid-auth auto-configuration.
 */
public final class HybridAuthConfigurer extends AbstractHttpConfigurer<HybridAuthConfigurer, HttpSecurity> {

    private final HybridAuthenticationEntryPoint entryPoint = new HybridAuthenticationEntryPoint();

    private HybridAuthConfigurer() {
    }

    /**
     * @return a new configurer, for {@code http.with(hybridAuth(), ...)}
     */
    public static HybridAuthConfigurer hybridAuth() {
        return new HybridAuthConfigurer();
    }

    @Override
    public void init(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SessionCookies cookies = context.getBean(SessionCookies.class);
        // No HttpSession: the session lives in the hybrid-auth store. Shared objects, because the configurers that
        // read them may have been initialised before this one.
        http.sessionManagement(AbstractHttpConfigurer::disable);
        NullRequestCache noRequestCache = new NullRequestCache();
        http.requestCache(cache -> cache.requestCache(noRequestCache));
        http.setSharedObject(RequestCache.class, noRequestCache);
        http.setSharedObject(SecurityContextRepository.class, new RequestAttributeSecurityContextRepository());
        http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint)
            .accessDeniedHandler(new HybridAccessDeniedHandler()));
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
                .requireCsrfProtectionMatcher(new CsrfRequirement(cookies));
        }
        AuthorizeHttpRequestsConfigurer<HttpSecurity> authorize = http
            .getConfigurer(AuthorizeHttpRequestsConfigurer.class);
        if (authorize != null) {
            authorize.withObjectPostProcessor(permitting(publicEndpoints(context)));
        }
    }

    @Override
    public void configure(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        SessionCookies cookies = context.getBean(SessionCookies.class);
        HybridAuthenticationFilter filter = new HybridAuthenticationFilter(new CredentialResolver(cookies),
                context.getBean(SessionJwtVerifier.class), context.getBean(HybridSessionService.class), cookies,
                entryPoint);
        filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        filter.setIgnoredRequests(PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, basePath(context) + "/refresh"));
        filter.setSensitiveRoutes(context.getBean(SensitiveRoutes.class),
                context.getBeanProvider(Clock.class).getIfAvailable(Clock::systemUTC));
        filter.setMetrics(context.getBeanProvider(HybridAuthMetrics.class).getIfAvailable(() -> HybridAuthMetrics.NONE));
        http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
    }

    private static String basePath(ApplicationContext context) {
        return context.getBeanProvider(HybridAuthProperties.class)
            .getIfAvailable(HybridAuthProperties::new)
            .getEndpoints()
            .getBasePath();
    }

    private static RequestMatcher publicEndpoints(ApplicationContext context) {
        String basePath = basePath(context);
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(HttpMethod.POST, basePath + "/login"),
                paths.matcher(HttpMethod.POST, basePath + "/logout"),
                paths.matcher(HttpMethod.POST, basePath + "/refresh"),
                paths.matcher(HttpMethod.GET, basePath + "/csrf"),
                paths.matcher(HttpMethod.GET, "/.well-known/jwks.json"));
    }

    /**
     * Lets the public endpoints through whatever rules the application's {@code authorizeHttpRequests} sets,
     * so that they need no rule of their own there.
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
