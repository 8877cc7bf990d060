package dev.hybridauth;

import java.time.Instant;
import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * The {@code Authentication} that hybrid-auth puts in the security context. Its principal is the user id
 * (the username), its details say how the request was authenticated and which session stands behind it.
 */
public final class HybridAuthentication extends AbstractAuthenticationToken {

    private final String userId;

    public HybridAuthentication(String userId, Collection<? extends GrantedAuthority> authorities,
            Details details) {
        super(authorities);
        this.userId = userId;
        setDetails(details);
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getPrincipal() {
        return userId;
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
     * @param authenticatedAt when the user last proved who they are
     * @param issuedAt when the credential was issued: the JWT's {@code iat}, or the session start
     * @param session the session as read live from the store, or {@code null} when the request was
     * authenticated by a JWT alone
     */
    public record Details(AuthenticationMethod method, String sessionId, Instant authenticatedAt, Instant issuedAt,
            HybridSession session) {

    }

}
