package dev.hybridauth.sample;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.web.SessionCookies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's API: a public baseline, the caller's identity, an ordinary and an admin route.
 */
@RestController
@RequestMapping("/api")
class ApiController {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final AppUserRepository users;

    private final SessionCookies cookies;

    ApiController(AppUserRepository users, SessionCookies cookies) {
        this.users = users;
        this.cookies = cookies;
    }

    @GetMapping("/ping")
    Map<String, Object> ping() {
        return Map.of("pong", true);
    }

    @GetMapping("/me")
    Map<String, Object> me(Authentication authentication) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", authentication.getName());
        json.put("authorities", authorities(authentication));
        json.put("authenticated_via", (authentication instanceof HybridAuthentication hybrid)
                ? hybrid.getDetails().method().contractName() : "other");
        return json;
    }

    /**
     * The claims of the session JWT in this request's cookie, for the web page: the cookie is HttpOnly, so the
     * page cannot read it itself. The filter has verified it when {@code authenticated_via} is {@code jwt}.
     */
    @GetMapping("/session-jwt")
    Map<String, Object> sessionJwt(HttpServletRequest request) {
        String jwt = cookies.readJwt(request);
        try {
            String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
            Map<String, Object> claims = json.readValue(payload, new TypeReference<Map<String, Object>>() {
            });
            long exp = ((Number) claims.get("exp")).longValue();
            return Map.of("present", true, "claims", claims, "expires_at", Instant.ofEpochSecond(exp).toString());
        }
        catch (RuntimeException ex) {
            // no JWT cookie on this request, or one the filter refused (it then refreshed it on the response)
            return Map.of("present", false);
        }
    }

    @GetMapping("/reports")
    Map<String, Object> reports(Authentication authentication) {
        return Map.of("owner", authentication.getName(),
                "reports", List.of(Map.of("id", 1, "title", "Quarterly summary"),
                        Map.of("id", 2, "title", "Open invoices")));
    }

    @GetMapping("/admin/stats")
    Map<String, Object> adminStats() {
        return Map.of("users", users.count());
    }

    private static List<String> authorities(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

}
