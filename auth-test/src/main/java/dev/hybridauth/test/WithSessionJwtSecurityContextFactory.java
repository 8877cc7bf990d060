package dev.hybridauth.test;

import dev.hybridauth.ClientInfo;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;
import org.springframework.util.StringUtils;

/**
 * Starts the session of a {@link WithSessionJwt} test in the application's store and has
 * its JWT issued at the asked age.
 */
final class WithSessionJwtSecurityContextFactory implements WithSecurityContextFactory<WithSessionJwt> {

	private final ApplicationContext context;

	WithSessionJwtSecurityContextFactory(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public SecurityContext createSecurityContext(WithSessionJwt annotation) {
		TestSessionSpec spec = TestSessionSpec.of(annotation.username(), annotation.authorities(), annotation.roles());
		if (StringUtils.hasText(annotation.authenticatedAgo())) {
			spec.authenticatedAgo(DurationStyle.detectAndParse(annotation.authenticatedAgo()));
		}
		spec.tokenAge(DurationStyle.detectAndParse(annotation.tokenAge()));
		TestSessions.TestCredential credential = TestSessions.start(this.context, spec, true, ClientInfo.UNKNOWN);
		return new HybridTestSecurityContext(credential.authentication(this.context), credential.bearerValue());
	}

}
