package dev.hybridauth.session;

import org.springframework.context.ApplicationContext;

/**
 * Runs the package-private session cleanup of a running application, for tests outside
 * this package.
 */
public final class SessionCleanups {

	private SessionCleanups() {
	}

	/**
	 * Runs one cleanup now, as the scheduler would.
	 * @param context the application
	 * @return how many sessions were deleted, or {@code -1} when another node holds the
	 * lease
	 */
	public static int run(ApplicationContext context) {
		return context.getBean(SessionCleanup.class).run();
	}

}
