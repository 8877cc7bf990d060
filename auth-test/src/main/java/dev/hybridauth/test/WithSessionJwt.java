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
 * Runs a test method (or every test method of a class) with a real session JWT: the
 * session is started in the application's own store before the test, the application's
 * issuer signs its JWT as issued {@link #tokenAge()} ago, every MockMvc request of the
 * test carries that JWT as {@code Authorization: Bearer}, and the security context of the
 * test thread holds its {@code HybridAuthentication}: <pre class="code">
 * &#64;Test
 * &#64;WithSessionJwt(roles = "USER", tokenAge = "90s")
 * void anOldTokenIsCheckedLiveOnTransfers() throws Exception {
 *     mockMvc.perform(post("/api/transfers")).andExpect(status().isOk());
 * }
 * </pre> MockMvc requests carry the credential when the MockMvc instance comes from
 * {@code @AutoConfigureMockMvc}, or was built with
 * {@link HybridAuthMockMvcConfigurers#hybridAuth()}. A request post-processor of its own
 * ({@code .with(hybridSession())}) replaces it.
 *
 * @see SessionJwtRequestPostProcessor
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithSessionJwtSecurityContextFactory.class)
public @interface WithSessionJwt {

	/**
	 * The session's user, the JWT's {@code sub}.
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
	 * How long ago the user authenticated ({@code auth_time}), as {@code @SensitiveRoute}
	 * writes durations; by default (empty), the token's age.
	 * @return the authentication age
	 */
	String authenticatedAgo() default "";

	/**
	 * How old the JWT is ({@code iat}), as {@code @SensitiveRoute} writes durations
	 * ({@code "90s"}).
	 * @return the token's age
	 */
	String tokenAge() default "0s";

	/**
	 * When the session is started: before the test method's {@code @BeforeEach} methods
	 * (the default), or after them, when those clean the session store.
	 * @return the event that the session is started at
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
