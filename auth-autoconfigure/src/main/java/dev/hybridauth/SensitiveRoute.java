package dev.hybridauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method or class (or an annotation of the application's own) as a
 * route that cannot wait for a JWT to expire: the session behind the request's credential
 * is checked live in the store, also when the request came with a JWT, and a revoked or
 * expired session answers {@code 401} at once. The authorization decision on the route
 * uses the user's current authorities as recorded on the session, not the ones frozen in
 * the JWT. A route marked sensitive needs an authenticated caller.
 * <p>
 * Paths can be made sensitive without the annotation with
 * {@code hybrid-auth.sensitive-paths}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SensitiveRoute {

	/**
	 * A JWT issued within this age is trusted without the live check; an older one gets
	 * it. {@code "0s"} (the default) means always live. A duration such as {@code "60s"},
	 * {@code "5m"} or {@code "PT1M"}.
	 * @return the largest JWT age that skips the live check
	 */
	String maxTokenAge() default "0s";

	/**
	 * How recent the user's last login or re-authentication must be, such as
	 * {@code "5m"}; else the route answers {@code 401} with
	 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication",
	 * max_age=N} (RFC 9470) and the client re-authenticates at {@code POST
	 * {base}/reauthenticate}. Empty (the default) means no limit.
	 * @return the largest acceptable age of the authentication
	 */
	String maxAuthenticationAge() default "";

}
