package dev.hybridauth.web;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hybridauth.SensitiveRoute;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The default {@link SensitiveRouteResolver}: {@link SensitiveRoute} on the handler
 * method (or its class) that Spring MVC dispatches the request to, the best match among
 * the mappings and never another one that also matches, and
 * {@code hybrid-auth.sensitive-paths} (always live; on an annotated handler, with the
 * annotation's step-up rule). The annotations are read, and their durations parsed, once
 * at start-up: a malformed one fails the start-up with a message naming the method.
 */
class MvcSensitiveRouteResolver implements SensitiveRouteResolver, SmartInitializingSingleton {

	private final ObjectProvider<RequestMappingHandlerMapping> handlerMappings;

	private final List<RequestMatcher> sensitivePaths;

	private volatile List<RequestMappingHandlerMapping> mappings = List.of();

	private volatile List<RequestMappingInfo> annotatedMappings = List.of();

	private volatile Map<Method, SensitiveRouteRequirement> requirements = Map.of();

	/**
	 * Creates the resolver; the handler mappings are read, and their annotations parsed,
	 * once all singletons exist ({@link #afterSingletonsInstantiated()}).
	 * @param handlerMappings the application's MVC handler mappings, read at start-up
	 * @param sensitivePaths requests that are sensitive with the default requirement
	 */
	MvcSensitiveRouteResolver(ObjectProvider<RequestMappingHandlerMapping> handlerMappings,
			List<RequestMatcher> sensitivePaths) {
		this.handlerMappings = handlerMappings;
		this.sensitivePaths = List.copyOf(sensitivePaths);
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<RequestMappingHandlerMapping> found = this.handlerMappings.orderedStream().toList();
		List<RequestMappingInfo> annotated = new ArrayList<>();
		Map<Method, SensitiveRouteRequirement> byMethod = new HashMap<>();
		for (RequestMappingHandlerMapping mapping : found) {
			mapping.getHandlerMethods().forEach((info, handler) -> {
				SensitiveRouteRequirement requirement = requirementOf(handler);
				if (requirement != null) {
					annotated.add(info);
					byMethod.put(handler.getMethod(), requirement);
				}
			});
		}
		this.mappings = found;
		this.annotatedMappings = List.copyOf(annotated);
		this.requirements = Map.copyOf(byMethod);
	}

	@Override
	public SensitiveRouteRequirement resolve(HttpServletRequest request) {
		SensitiveRouteRequirement annotated = annotatedRequirement(request);
		if (!isSensitivePath(request)) {
			return annotated;
		}
		// a sensitive path is always live; it does not take away the step-up rule of the
		// handler's annotation
		return (annotated != null) ? new SensitiveRouteRequirement(Duration.ZERO, annotated.maxAuthenticationAge())
				: SensitiveRouteRequirement.ALWAYS_LIVE;
	}

	private boolean isSensitivePath(HttpServletRequest request) {
		for (RequestMatcher matcher : this.sensitivePaths) {
			if (matcher.matches(request)) {
				return true;
			}
		}
		return false;
	}

	private SensitiveRouteRequirement annotatedRequirement(HttpServletRequest request) {
		if (this.annotatedMappings.isEmpty()) {
			return null;
		}
		boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
		if (parsedHere) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			// Cheap test first: most requests match no annotated mapping at all.
			return mayBeAnnotated(request) ? requirementOfBestMatch(request) : null;
		}
		finally {
			if (parsedHere) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

	private boolean mayBeAnnotated(HttpServletRequest request) {
		for (RequestMappingInfo info : this.annotatedMappings) {
			if (info.getMatchingCondition(request) != null) {
				return true;
			}
		}
		return false;
	}

	private SensitiveRouteRequirement requirementOfBestMatch(HttpServletRequest request) {
		for (RequestMappingHandlerMapping mapping : this.mappings) {
			HandlerExecutionChain chain;
			try {
				chain = mapping.getHandler(request);
			}
			catch (Exception ex) {
				return null;
			}
			if (chain != null) {
				return (chain.getHandler() instanceof HandlerMethod handler)
						? this.requirements.get(handler.getMethod()) : null;
			}
		}
		return null;
	}

	private static SensitiveRouteRequirement requirementOf(HandlerMethod handler) {
		SensitiveRoute annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
				SensitiveRoute.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), SensitiveRoute.class);
		}
		if (annotation == null) {
			return null;
		}
		try {
			Duration maxTokenAge = DurationStyle.detectAndParse(annotation.maxTokenAge());
			Duration maxAuthenticationAge = StringUtils.hasText(annotation.maxAuthenticationAge())
					? DurationStyle.detectAndParse(annotation.maxAuthenticationAge()) : null;
			return new SensitiveRouteRequirement(maxTokenAge, maxAuthenticationAge);
		}
		catch (IllegalArgumentException ex) {
			// no cause: the message says it all, and the root cause of the start-up
			// failure names the method
			throw new IllegalStateException("@SensitiveRoute on " + handler.getMethod().toGenericString()
					+ " has a malformed duration: " + ex.getMessage());
		}
	}

}
