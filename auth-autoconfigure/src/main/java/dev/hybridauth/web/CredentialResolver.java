package dev.hybridauth.web;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Finds the credential on a request: an {@code Authorization: Bearer} header first, then the session JWT
 * cookie, then the session cookie.
 */
public class CredentialResolver {

    private static final String BEARER = "bearer";

    private final SessionCookies cookies;

    public CredentialResolver(SessionCookies cookies) {
        this.cookies = cookies;
    }

    /**
     * @param request the request
     * @return the credential, or {@code null} when the request carries none that hybrid-auth handles
     * @throws MalformedCredentialException when the request carries two {@code Authorization} headers or an
     * empty bearer token
     */
    public Credential resolve(HttpServletRequest request) {
        Credential bearer = bearer(request);
        if (bearer != null) {
            return bearer;
        }
        String jwt = cookies.readJwt(request);
        if (jwt != null) {
            return new Credential(Credential.Source.JWT_COOKIE, jwt);
        }
        String sessionToken = cookies.readSessionToken(request);
        if (sessionToken != null) {
            return new Credential(Credential.Source.SESSION_COOKIE, sessionToken);
        }
        return null;
    }

    /**
     * @param request the request
     * @return the {@code Authorization: Bearer} credential, or {@code null} when there is none
     * @throws MalformedCredentialException for two {@code Authorization} headers or an empty bearer token
     */
    public static Credential bearer(HttpServletRequest request) {
        String authorization = singleAuthorizationHeader(request);
        if (authorization == null || !isBearer(authorization)) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            throw new MalformedCredentialException("empty bearer token", false);
        }
        return new Credential(Credential.Source.BEARER, token);
    }

    /**
     * Whether the request names a bearer credential, without checking it.
     * @param request the request
     * @return {@code true} when an {@code Authorization} header uses the {@code Bearer} scheme
     */
    public static boolean hasBearerAuthorization(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && isBearer(authorization);
    }

    private static String singleAuthorizationHeader(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        if (headers == null || !headers.hasMoreElements()) {
            return null;
        }
        String first = headers.nextElement();
        if (headers.hasMoreElements()) {
            throw new MalformedCredentialException("more than one Authorization header", true);
        }
        return first;
    }

    private static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (authorization.length() == BEARER.length()
                        || Character.isWhitespace(authorization.charAt(BEARER.length())));
    }

}
