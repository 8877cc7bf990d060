package dev.hybridauth.sample;

import java.util.List;
import java.util.Map;

import dev.hybridauth.HybridSessionService;
import dev.hybridauth.RevocationReason;
import dev.hybridauth.SensitiveRoute;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

	@PutMapping("/api/admin/users/{username}/enabled")
	@SensitiveRoute
	@Transactional
	ResponseEntity<Void> changeEnabled(@PathVariable String username, @RequestBody Map<String, Object> body) {
		if (!(body.get("enabled") instanceof Boolean enabled)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "enabled must be true or false");
		}
		AppUser user = this.users.findById(username)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user"));
		user.setEnabled(enabled);
		if (!enabled) {
			// The session tokens, refreshes and sensitive routes of the user answer 401
			// at
			// once; a JWT already issued works on ordinary routes until it expires.
			// Without
			// this call, the user store's change would reach the live paths at the next
			// touch of each session (hybrid-auth reloads the user through the
			// UserDetailsService).
			this.sessions.revokeAll(username, RevocationReason.USER_DISABLED);
		}
		return ResponseEntity.noContent().build();
	}

}
