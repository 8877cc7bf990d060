package dev.hybridauth.session;

import dev.hybridauth.it.OAuth2LoginToken;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link DefaultSessionUserIdResolver}.
 */
class DefaultSessionUserIdResolverTests {

	private final DefaultSessionUserIdResolver resolver = new DefaultSessionUserIdResolver();

	@Test
	void resolveWhenLocalLoginThenItsName() {
		assertThat(this.resolver.resolve(local("alice"))).isEqualTo("alice");
		assertThat(this.resolver.resolve(local("team:alice"))).as("a ':' elsewhere is a local name")
			.isEqualTo("team:alice");
	}

	@Test
	void resolveWhenOAuth2LoginThenFederatedId() {
		assertThat(this.resolver.resolve(new OAuth2LoginToken("github", "alice", "OAUTH2_USER")))
			.isEqualTo("oauth2:github:alice");
		assertThat(this.resolver.resolve(new OidcLoginToken("google", "1234:5678")))
			.as("a subclass, and a subject with a ':'")
			.isEqualTo("oauth2:google:1234:5678");
	}

	@Test
	void resolveWhenLocalNameHasTheFederatedPrefixThenBadCredentials() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.resolver.resolve(local("oauth2:github:alice")));
	}

	@Test
	void resolveWhenRegistrationIdHasAColonThenIllegalState() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.resolver.resolve(new OAuth2LoginToken("git:hub", "a", "OAUTH2_USER")))
			.withMessageContaining("cannot contain ':'");
	}

	@Test
	void resolveWhenRegistrationIdMethodIsNotAStringThenLocalName() {
		assertThat(this.resolver.resolve(new NotOAuth2Token("alice"))).isEqualTo("alice");
	}

	private static UsernamePasswordAuthenticationToken local(String name) {
		return UsernamePasswordAuthenticationToken.authenticated(name, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
	}

	static final class OidcLoginToken extends OAuth2LoginToken {

		OidcLoginToken(String registrationId, String subject) {
			super(registrationId, subject, "OIDC_USER");
		}

	}

	static final class NotOAuth2Token extends AbstractAuthenticationToken {

		private final String name;

		NotOAuth2Token(String name) {
			super(AuthorityUtils.NO_AUTHORITIES);
			this.name = name;
		}

		Object getAuthorizedClientRegistrationId() {
			return 42;
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.name;
		}

	}

}
