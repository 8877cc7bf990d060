package dev.hybridauth.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.hybridauth.HybridSession;

/**
 * The JSON shapes of the HTTP contract, built as ordered maps with snake_case keys and ISO-8601 UTC times, so
 * that they do not depend on how the application configures its JSON mapper.
 */
final class SessionRepresentation {

    private SessionRepresentation() {
    }

    static Map<String, Object> session(HybridSession session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_id", session.sessionId());
        json.put("user_id", session.userId());
        json.put("started_at", time(session.startedAt()));
        json.put("last_accessed_at", time(session.lastAccessedAt()));
        json.put("expires_at", time(session.expiresAt()));
        json.put("absolute_expires_at", time(session.absoluteExpiresAt()));
        json.put("authenticated_at", time(session.authenticatedAt()));
        json.put("ip_address", session.ipAddress());
        json.put("user_agent", session.userAgent());
        return json;
    }

    static String time(Instant instant) {
        return (instant != null) ? instant.toString() : null;
    }

}
