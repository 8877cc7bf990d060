package dev.hybridauth.session;

import java.lang.reflect.Method;

import dev.hybridauth.SessionUserIdResolver;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * The default {@link SessionUserIdResolver}: the authentication's name, or
 * {@code oauth2:<registrationId>:<name>} for an {@code oauth2Login()}. The OAuth2 login
 * is recognised by its {@code getAuthorizedClientRegistrationId()} method, as
 * {@code OAuth2AuthenticationToken} has it, so that the starter does not depend on
 * {@code spring-security-oauth2-client}.
 */
final class DefaultSessionUserIdResolver implements SessionUserIdResolver {

	private static final String REGISTRATION_ID_METHOD = "getAuthorizedClientRegistrationId";

	@Override
	public String resolve(Authentication authentication) {
		String registrationId = registrationId(authentication);
		if (registrationId != null) {
			Assert.state(!registrationId.isEmpty() && registrationId.indexOf(':') < 0,
					() -> "An OAuth2 client registration id used with hybrid-auth cannot contain ':' (found '"
							+ registrationId + "')");
			return FEDERATED_PREFIX + registrationId + ":" + authentication.getName();
		}
		String name = authentication.getName();
		if (isFederated(name)) {
			throw new BadCredentialsException("A local user name cannot start with " + FEDERATED_PREFIX);
		}
		return name;
	}

	/**
	 * Whether a user id is one that this resolver gives federated logins.
	 * @param userId a session's user id
	 * @return whether it starts with {@link SessionUserIdResolver#FEDERATED_PREFIX}
	 */
	static boolean isFederated(String userId) {
		return userId != null && userId.startsWith(FEDERATED_PREFIX);
	}

	private static String registrationId(Authentication authentication) {
		Method method = ReflectionUtils.findMethod(authentication.getClass(), REGISTRATION_ID_METHOD);
		if (method == null || method.getReturnType() != String.class) {
			return null;
		}
		ReflectionUtils.makeAccessible(method);
		return (String) ReflectionUtils.invokeMethod(method, authentication);
	}

}
