package dev.hybridauth.sample;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo users created at startup when they do not exist yet.
 *
 * @param users the users
 */
@ConfigurationProperties("sample")
public record DemoUsersProperties(List<DemoUser> users) {

	/**
	 * @param username the username
	 * @param password the password in clear (demo only)
	 * @param roles the roles, such as {@code ROLE_USER}
	 */
	public record DemoUser(String username, String password, List<String> roles) {

	}

}
