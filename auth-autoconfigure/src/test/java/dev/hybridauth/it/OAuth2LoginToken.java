package dev.hybridauth.it;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * An authentication shaped like Spring Security's {@code OAuth2AuthenticationToken} (what
 * {@code oauth2Login()} produces: the provider's subject as its name, and the client
 * registration it came through), without {@code spring-security-oauth2-client}.
 */
public class OAuth2LoginToken extends AbstractAuthenticationToken {

	private final String registrationId;

	private final String subject;

	public OAuth2LoginToken(String registrationId, String subject, String... authorities) {
		super(AuthorityUtils.createAuthorityList(authorities));
		this.registrationId = registrationId;
		this.subject = subject;
		setAuthenticated(true);
	}

	public String getAuthorizedClientRegistrationId() {
		return this.registrationId;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return this.subject;
	}

}
