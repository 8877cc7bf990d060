package dev.hybridauth.test;

import dev.hybridauth.HybridAuthentication;

import org.springframework.security.core.context.SecurityContextImpl;

/**
 * The security context of a test method annotated with {@link WithHybridSession} or
 * {@link WithSessionJwt}: the authentication the starter's filter makes of the session's
 * credential, and the credential itself, which the MockMvc requests of the test carry.
 */
final class HybridTestSecurityContext extends SecurityContextImpl {

	private static final long serialVersionUID = 1L;

	private final transient String bearerValue;

	HybridTestSecurityContext(HybridAuthentication authentication, String bearerValue) {
		super(authentication);
		this.bearerValue = bearerValue;
	}

	String bearerValue() {
		return this.bearerValue;
	}

}
