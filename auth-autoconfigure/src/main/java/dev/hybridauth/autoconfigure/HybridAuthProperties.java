package dev.hybridauth.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration of hybrid-auth, under {@code hybrid-auth}.
 */
@ConfigurationProperties("hybrid-auth")
public class HybridAuthProperties {

    private final Endpoints endpoints = new Endpoints();

    private final Session session = new Session();

    private final Cookie cookie = new Cookie();

    public Endpoints getEndpoints() {
        return endpoints;
    }

    public Session getSession() {
        return session;
    }

    public Cookie getCookie() {
        return cookie;
    }

    public static class Endpoints {

        /**
         * Path under which the login, logout, refresh, session and CSRF endpoints are served.
         */
        private String basePath = "/auth";

        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

    }

    public static class Session {

        /**
         * How long a session lives without being used.
         */
        private Duration idleTimeout = Duration.ofMinutes(30);

        /**
         * How long a session lives however much it is used; a new login is needed after it.
         */
        private Duration absoluteTimeout = Duration.ofHours(8);

        /**
         * Smallest interval between two writes of a session's last access time; requests in between cost one
         * read and no write.
         */
        private Duration touchInterval = Duration.ofSeconds(60);

        /**
         * Whether the login and reauthenticate responses carry the session token in their JSON body (for API
         * clients); browsers get it only in the HttpOnly cookie either way.
         */
        private boolean tokenInBody = true;

        /**
         * When to create the session table: on an embedded database only, always, or never.
         */
        private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getAbsoluteTimeout() {
            return absoluteTimeout;
        }

        public void setAbsoluteTimeout(Duration absoluteTimeout) {
            this.absoluteTimeout = absoluteTimeout;
        }

        public Duration getTouchInterval() {
            return touchInterval;
        }

        public void setTouchInterval(Duration touchInterval) {
            this.touchInterval = touchInterval;
        }

        public boolean isTokenInBody() {
            return tokenInBody;
        }

        public void setTokenInBody(boolean tokenInBody) {
            this.tokenInBody = tokenInBody;
        }

        public DatabaseInitializationMode getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

    }

    public static class Cookie {

        /**
         * Whether the cookies are Secure (and take the __Host- prefix); unset, they follow whether the request
         * came over HTTPS.
         */
        private Boolean secure;

        /**
         * SameSite attribute of the cookies: Lax, Strict or None.
         */
        private String sameSite = "Lax";

        public Boolean getSecure() {
            return secure;
        }

        public void setSecure(Boolean secure) {
            this.secure = secure;
        }

        public String getSameSite() {
            return sameSite;
        }

        public void setSameSite(String sameSite) {
            this.sameSite = sameSite;
        }

    }

}
