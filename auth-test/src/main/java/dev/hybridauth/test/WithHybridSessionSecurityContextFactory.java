package dev.hybridauth.test;

import dev.hybridauth.ClientInfo;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Starts the session of a {@link WithHybridSession} test in the application's store.
 */
final class WithHybridSessionSecurityContextFactory implements WithSecurityContextFactory<WithHybridSession> {

	private final ApplicationContext context;

	WithHybridSessionSecurityContextFactory(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public SecurityContext createSecurityContext(WithHybridSession annotation) {
		TestSessionSpec spec = TestSessionSpec.of(annotation.username(), annotation.authorities(), annotation.roles());
		spec.authenticatedAgo(DurationStyle.detectAndParse(annotation.authenticatedAgo()));
		TestSessions.TestCredential credential = TestSessions.start(this.context, spec, false, ClientInfo.UNKNOWN);
		return new HybridTestSecurityContext(credential.authentication(this.context), credential.bearerValue());
	}

}
