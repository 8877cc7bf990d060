package dev.hybridauth.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells whether a request goes to a sensitive route and what that route demands. The
 * default one reads {@link dev.hybridauth.SensitiveRoute @SensitiveRoute} on the handler
 * that Spring MVC dispatches the request to, and {@code hybrid-auth.sensitive-paths};
 * define a bean of this type to decide otherwise.
 */
@FunctionalInterface
public interface SensitiveRouteResolver {

	/** Resolves no route as sensitive. */
	SensitiveRouteResolver NONE = (request) -> null;

	/**
	 * Tells what a request's route demands. The authentication filter asks once per
	 * request, so an implementation should be cheap.
	 * @param request the request, before authorization
	 * @return what the route demands, or {@code null} when it is not sensitive
	 */
	SensitiveRouteRequirement resolve(HttpServletRequest request);

}
