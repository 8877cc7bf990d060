package dev.hybridauth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The {@code Authentication} that hybrid-auth puts in the security context. Its principal
 * is the user id (the username), its details say how the request was authenticated and
 * which session stands behind it.
 */
public final class HybridAuthentication extends AbstractAuthenticationToken {

	private final String userId;

	public HybridAuthentication(String userId, Collection<? extends GrantedAuthority> authorities, Details details) {
		super(authorities);
		this.userId = userId;
		setDetails(details);
		setAuthenticated(true);
	}

	/**
	 * The authentication of a request whose session was read live from the store.
	 * @param session the live session
	 * @return an authentication with the session's authorities
	 */
	public static HybridAuthentication ofSession(HybridSession session) {
		return new HybridAuthentication(session.userId(), authorities(session.authorities()),
				new Details(AuthenticationMethod.SESSION, session.sessionId(), session.authenticatedAt(),
						session.startedAt(), session, null));
	}

	/**
	 * The authentication of a request that came with a verified session JWT.
	 * @param jwt the verified claims
	 * @return an authentication with the JWT's roles
	 */
	public static HybridAuthentication ofJwt(SessionJwtClaims jwt) {
		return new HybridAuthentication(jwt.subject(), authorities(jwt.roles()), new Details(AuthenticationMethod.JWT,
				jwt.sessionId(), jwt.authenticatedAt(), jwt.issuedAt(), null, jwt));
	}

	/**
	 * This authentication with the session as read live from the store: its current
	 * authorities and {@code authenticated_at}, the credential it came with unchanged.
	 * @param session the live session
	 * @return the updated authentication
	 */
	public HybridAuthentication withLiveSession(HybridSession session) {
		Details details = getDetails();
		return new HybridAuthentication(session.userId(), authorities(session.authorities()),
				new Details(details.method(), session.sessionId(), session.authenticatedAt(), details.issuedAt(),
						session, details.jwt()));
	}

	private static List<SimpleGrantedAuthority> authorities(List<String> names) {
		return names.stream().map(SimpleGrantedAuthority::new).toList();
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public String getPrincipal() {
		return this.userId;
	}

	@Override
	public Details getDetails() {
		return (Details) super.getDetails();
	}

	/**
	 * How a hybrid-auth request was authenticated.
	 *
	 * @param method the credential that authenticated the request
	 * @param sessionId the public id of the session behind the credential
	 * @param authenticatedAt when the user last proved who they are, or {@code null} when
	 * a JWT does not say
	 * @param issuedAt when the credential was issued: the JWT's {@code iat}, or the
	 * session start
	 * @param session the session as read live from the store, or {@code null} when the
	 * request was authenticated by a JWT alone
	 * @param jwt the verified claims when the request came with a session JWT, else
	 * {@code null}
	 */
	public record Details(AuthenticationMethod method, String sessionId, Instant authenticatedAt, Instant issuedAt,
			HybridSession session, SessionJwtClaims jwt) {

	}

}
