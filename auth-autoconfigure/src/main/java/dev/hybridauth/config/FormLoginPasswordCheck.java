package dev.hybridauth.config;

import dev.hybridauth.login.PasswordCheck;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authentication manager that the DSL gives a chain's form login: the form's own
 * manager, behind the {@link PasswordCheck} that the login endpoints use too. So a
 * throttled form login is refused before its hash, and its failures count with the
 * endpoints' ones. The refusal ({@code LoginRefusedException}) is not an
 * {@code AuthenticationException}: it passes the form's failure handler (which would
 * redirect) and the hybrid-auth filter in front answers it.
 * <p>
 * The client address is the one the form's details recorded
 * ({@code WebAuthenticationDetails}, the default), else that of the request being served.
 */
final class FormLoginPasswordCheck implements AuthenticationManager {

	private final PasswordCheck passwordCheck;

	private final AuthenticationManager delegate;

	FormLoginPasswordCheck(PasswordCheck passwordCheck, AuthenticationManager delegate) {
		this.passwordCheck = passwordCheck;
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		return this.passwordCheck.authenticate(this.delegate, authentication, address(authentication));
	}

	private static String address(Authentication authentication) {
		if (authentication.getDetails() instanceof WebAuthenticationDetails details) {
			return details.getRemoteAddress();
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest().getRemoteAddr() : null;
	}

}
