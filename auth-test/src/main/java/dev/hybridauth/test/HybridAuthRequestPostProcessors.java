package dev.hybridauth.test;

/**
 * MockMvc request post-processors that authenticate a request with a real hybrid-auth
 * credential, as {@code SecurityMockMvcRequestPostProcessors} does for Spring Security's
 * own features. Import them statically: <pre class="code">
 * import static dev.hybridauth.test.HybridAuthRequestPostProcessors.hybridSession;
 * import static dev.hybridauth.test.HybridAuthRequestPostProcessors.sessionJwt;
 *
 * mockMvc.perform(get("/api/admin/stats").with(hybridSession().roles("ADMIN")))
 *     .andExpect(status().isOk());
 * mockMvc.perform(post("/api/account/email").with(sessionJwt().authenticatedAgo(Duration.ofMinutes(10))))
 *     .andExpect(status().isUnauthorized());
 * </pre> The MockMvc instance must be built from the application's context
 * ({@code @AutoConfigureMockMvc}, or {@code MockMvcBuilders.webAppContextSetup} with
 * Spring Security's filter chain).
 */
public final class HybridAuthRequestPostProcessors {

	private HybridAuthRequestPostProcessors() {
	}

	/**
	 * Authenticates the request with the session token of a new session.
	 * @return a post-processor to set the session's user, authorities and authentication
	 * age on
	 */
	public static HybridSessionRequestPostProcessor hybridSession() {
		return new HybridSessionRequestPostProcessor();
	}

	/**
	 * Authenticates the request with the session JWT of a new session.
	 * @return a post-processor to set the session's user, authorities, authentication age
	 * and the token's age on
	 */
	public static SessionJwtRequestPostProcessor sessionJwt() {
		return new SessionJwtRequestPostProcessor();
	}

}
