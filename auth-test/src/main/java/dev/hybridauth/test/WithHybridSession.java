package dev.hybridauth.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test method (or every test method of a class) with a real hybrid-auth session:
 * the session is started in the application's own store before the test, every MockMvc
 * request of the test carries its session token as {@code Authorization: Bearer}, and the
 * security context of the test thread holds its {@code HybridAuthentication}, as Spring
 * Security's {@code @WithMockUser} does for a mock user: <pre class="code">
 * &#64;Test
 * &#64;WithHybridSession(roles = "ADMIN", authenticatedAgo = "10m")
 * void changingTheEmailNeedsARecentLogin() throws Exception {
 *     mockMvc.perform(post("/api/account/email")).andExpect(status().isUnauthorized());
 * }
 * </pre> MockMvc requests carry the credential when the MockMvc instance comes from
 * {@code @AutoConfigureMockMvc}, or was built with
 * {@link HybridAuthMockMvcConfigurers#hybridAuth()}. A request post-processor of its own
 * ({@code .with(sessionJwt())}) replaces it.
 *
 * @see HybridSessionRequestPostProcessor
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithHybridSessionSecurityContextFactory.class)
public @interface WithHybridSession {

	/**
	 * The session's user.
	 * @return the user id the session belongs to
	 */
	String username() default "user";

	/**
	 * The session's roles, without the {@code ROLE_} prefix; ignored when
	 * {@link #authorities()} is set.
	 * @return the roles
	 */
	String[] roles() default { "USER" };

	/**
	 * The session's authorities by their full names, in place of {@link #roles()}.
	 * @return the authorities
	 */
	String[] authorities() default {};

	/**
	 * How long ago the user authenticated, as {@code @SensitiveRoute} writes durations
	 * ({@code "10m"}, {@code "90s"}, {@code "PT1H"}).
	 * @return the authentication age
	 */
	String authenticatedAgo() default "0s";

	/**
	 * When the session is started: before the test method's {@code @BeforeEach} methods
	 * (the default), or after them, when those clean the session store.
	 * @return the event that the session is started at
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
