package dev.hybridauth.web;

/**
 * A credential found on a request, not yet checked.
 *
 * @param source where it was found
 * @param value the raw value; never log it
 */
public record Credential(Source source, String value) {

    /** Where a credential was found. */
    public enum Source {

        /** {@code Authorization: Bearer <value>}: a session JWT or an opaque session token. */
        BEARER,

        /** The session cookie: an opaque session token. */
        SESSION_COOKIE,

        /** The session JWT cookie. */
        JWT_COOKIE

    }

    /**
     * Whether the value looks like a JWT (it has dots) rather than an opaque session token (it has none).
     * @return {@code true} for a JWT
     */
    public boolean isJwt() {
        return value.indexOf('.') >= 0;
    }

    @Override
    public String toString() {
        return "Credential[source=" + source + ", value=<hidden>]";
    }

}
