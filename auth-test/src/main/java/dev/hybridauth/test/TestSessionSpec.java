package dev.hybridauth.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.util.Assert;

/**
 * What a test asks of its session: the user, the authorities, how long ago the user
 * authenticated and, for a session JWT, how old the token is.
 */
final class TestSessionSpec {

	private String username = "user";

	private List<String> authorities = List.of("ROLE_USER");

	private Duration authenticatedAgo;

	private Duration tokenAge = Duration.ZERO;

	/**
	 * The spec of an annotation's user: its authorities when it names some, else its
	 * roles.
	 * @param username the user
	 * @param authorities the full authorities, or none
	 * @param roles the roles, when no authorities are named
	 * @return the spec
	 */
	static TestSessionSpec of(String username, String[] authorities, String[] roles) {
		TestSessionSpec spec = new TestSessionSpec();
		spec.username(username);
		if (authorities.length > 0) {
			spec.authorities(authorities);
		}
		else {
			spec.roles(roles);
		}
		return spec;
	}

	void username(String username) {
		Assert.hasText(username, "username cannot be empty");
		this.username = username;
	}

	void roles(String... roles) {
		Assert.notNull(roles, "roles cannot be null");
		for (String role : roles) {
			Assert.hasText(role, "a role cannot be empty");
			Assert.isTrue(!role.startsWith("ROLE_"),
					() -> role + " cannot start with ROLE_ (it is added): use authorities(...) for the full name");
		}
		this.authorities = Arrays.stream(roles).map((role) -> "ROLE_" + role).toList();
	}

	void authorities(String... authorities) {
		Assert.notNull(authorities, "authorities cannot be null");
		for (String authority : authorities) {
			Assert.hasText(authority, "an authority cannot be empty");
		}
		this.authorities = List.of(authorities);
	}

	void authenticatedAgo(Duration authenticatedAgo) {
		Assert.isTrue(authenticatedAgo != null && !authenticatedAgo.isNegative(),
				"authenticatedAgo must be zero or positive");
		this.authenticatedAgo = authenticatedAgo;
	}

	void tokenAge(Duration tokenAge) {
		Assert.isTrue(tokenAge != null && !tokenAge.isNegative(), "tokenAge must be zero or positive");
		this.tokenAge = tokenAge;
	}

	String username() {
		return this.username;
	}

	List<String> authorities() {
		return this.authorities;
	}

	Duration tokenAge() {
		return this.tokenAge;
	}

	/**
	 * How long ago the user authenticated: as asked, or else when the token was issued
	 * (the login that issued it).
	 * @param jwt whether the credential is a session JWT
	 * @return the authentication age
	 */
	Duration authenticatedAgo(boolean jwt) {
		if (this.authenticatedAgo != null) {
			return this.authenticatedAgo;
		}
		return jwt ? this.tokenAge : Duration.ZERO;
	}

}
