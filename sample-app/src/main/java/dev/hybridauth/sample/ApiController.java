package dev.hybridauth.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hybridauth.HybridAuthentication;
import dev.hybridauth.SessionJwtClaims;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's API: a public baseline, the caller's identity, an ordinary and an admin
 * route.
 */
@RestController
@RequestMapping("/api")
class ApiController {

	private final AppUserRepository users;

	ApiController(AppUserRepository users) {
		this.users = users;
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
	 * The claims of the session JWT that authenticated this request, for the web page:
	 * the cookie is HttpOnly, so the page cannot read it itself.
	 */
	@GetMapping("/session-jwt")
	Map<String, Object> sessionJwt(Authentication authentication) {
		if (authentication instanceof HybridAuthentication hybrid && hybrid.getDetails().jwt() != null) {
			SessionJwtClaims jwt = hybrid.getDetails().jwt();
			return Map.of("present", true, "claims", jwt.claims(), "expires_at", jwt.expiresAt().toString());
		}
		// authenticated by the session cookie (the filter then set a fresh JWT cookie on
		// the response)
		return Map.of("present", false);
	}

	@GetMapping("/reports")
	Map<String, Object> reports(Authentication authentication) {
		return Map.of("owner", authentication.getName(), "reports",
				List.of(Map.of("id", 1, "title", "Quarterly summary"), Map.of("id", 2, "title", "Open invoices")));
	}

	@GetMapping("/admin/stats")
	Map<String, Object> adminStats() {
		return Map.of("users", this.users.count());
	}

	private static List<String> authorities(Authentication authentication) {
		return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

}
