package dev.hybridauth.web;

import java.util.List;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.autoconfigure.HybridAuthProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Auto-configuration of hybrid-auth's HTTP plumbing: where the endpoints live, the
 * session cookies, the refresh of a session over HTTP, the sensitive routes, the success
 * handler for other logins, and the firewall.
 */
@AutoConfiguration(after = HybridAuthAutoConfiguration.class)
@ConditionalOnBean(HybridAuthProperties.class)
public final class HybridAuthWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EndpointSettings hybridAuthEndpointSettings(HybridAuthProperties properties) {
		return new EndpointSettings(properties.getEndpoints().getBasePath());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCookies hybridAuthSessionCookies(HybridAuthProperties properties) {
		return new SessionCookies(properties.getCookie().getSecure(), properties.getCookie().getSameSite());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionRefresher hybridAuthSessionRefresher(HybridSessionService sessionService, SessionCookies cookies) {
		return new SessionRefresher(sessionService, cookies);
	}

	@Bean
	@ConditionalOnMissingBean
	HybridAuthenticationSuccessHandler hybridAuthenticationSuccessHandler(HybridSessionService sessionService,
			SessionCookies cookies) {
		return new HybridAuthenticationSuccessHandler(sessionService, cookies);
	}

	@Bean
	@ConditionalOnMissingBean
	SensitiveRouteResolver hybridAuthSensitiveRouteResolver(HybridAuthProperties properties,
			ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		List<RequestMatcher> sensitivePaths = properties.getSensitivePaths()
			.stream()
			.map((pattern) -> (RequestMatcher) paths.matcher(pattern))
			.toList();
		return new MvcSensitiveRouteResolver(handlerMappings, sensitivePaths);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "hybrid-auth.warm-up.enabled", matchIfMissing = true)
	static HybridAuthWarmUp hybridAuthWarmUp() {
		return new HybridAuthWarmUp();
	}

	/**
	 * Spring Security's default firewall with the same header-value rule, checked without
	 * a regular expression: every JWT-authenticated request has the firewall check an
	 * 800-byte header.
	 * @return the firewall, with {@link HeaderValues#isAllowed(String)} as its rule for
	 * header values
	 */
	@Bean
	@ConditionalOnMissingBean(HttpFirewall.class)
	StrictHttpFirewall hybridAuthHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::isAllowed);
		return firewall;
	}

}
