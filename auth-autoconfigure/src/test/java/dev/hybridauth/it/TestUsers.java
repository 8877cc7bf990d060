package dev.hybridauth.it;

import java.util.Collection;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The application's users, in memory, with a switch to make the user store fail the way
 * an unreachable database or directory does.
 */
public class TestUsers extends InMemoryUserDetailsManager {

	private volatile RuntimeException outage;

	public TestUsers(Collection<UserDetails> users) {
		super(users);
	}

	@Override
	public UserDetails loadUserByUsername(String username) throws UsernameNotFoundException {
		RuntimeException failure = this.outage;
		if (failure != null) {
			throw failure;
		}
		return super.loadUserByUsername(username);
	}

	/** Every lookup throws this from now on, until {@link #recover()}. */
	public void failWith(RuntimeException failure) {
		this.outage = failure;
	}

	public void recover() {
		this.outage = null;
	}

}
