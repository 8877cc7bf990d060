package dev.hybridauth.sample;

import java.util.List;
import java.util.Map;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.SensitiveRoute;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample's routes that cannot wait for a JWT to expire.
 */
@RestController
class SensitiveController {

	private final AppUserRepository users;

	private final HybridSessionService sessions;

	SensitiveController(AppUserRepository users, HybridSessionService sessions) {
		this.users = users;
		this.sessions = sessions;
	}

	@PostMapping("/api/transfers")
	@SensitiveRoute
	Map<String, Object> transfer(@RequestBody(required = false) Map<String, Object> transfer,
			Authentication authentication) {
		return Map.of("status", "accepted", "by", authentication.getName());
	}

	@PostMapping("/api/account/email")
	@SensitiveRoute(maxAuthenticationAge = "5m")
	Map<String, Object> changeEmail(@RequestBody(required = false) Map<String, Object> change,
			Authentication authentication) {
		return Map.of("status", "changed", "user", authentication.getName());
	}

	@PutMapping("/api/admin/users/{username}/roles")
	@SensitiveRoute
	@Transactional
	Map<String, Object> changeRoles(@PathVariable String username, @RequestBody Map<String, List<String>> body) {
		List<String> roles = body.get("roles");
		if (roles == null || roles.stream().anyMatch((role) -> role == null || !role.startsWith("ROLE_"))) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "roles must be a list of ROLE_ names");
		}
		AppUser user = this.users.findById(username)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user"));
		user.setRoles(roles);
		// Sensitive routes see the new roles at once; every other route at the user's
		// next refresh.
		this.sessions.updateAuthorities(username, roles);
		return Map.of("user", username, "roles", roles);
	}

}
