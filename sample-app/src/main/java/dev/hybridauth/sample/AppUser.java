package dev.hybridauth.sample;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/**
 * A user of the sample application, in its own table, so that roles can change at run
 * time.
 */
@Entity
@Table(name = "app_user")
public class AppUser {

	@Id
	@Column(length = 100)
	private String username;

	@Column(nullable = false)
	private String passwordHash;

	@Column(nullable = false)
	private boolean enabled = true;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "app_user_role", joinColumns = @JoinColumn(name = "username"))
	@Column(name = "role", length = 100)
	private List<String> roles = new ArrayList<>();

	protected AppUser() {
	}

	public AppUser(String username, String passwordHash, List<String> roles) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.roles = new ArrayList<>(roles);
	}

	public String getUsername() {
		return this.username;
	}

	public String getPasswordHash() {
		return this.passwordHash;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getRoles() {
		return this.roles;
	}

	public void setRoles(List<String> roles) {
		this.roles = new ArrayList<>(roles);
	}

}
