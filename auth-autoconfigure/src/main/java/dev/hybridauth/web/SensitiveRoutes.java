package dev.hybridauth.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hybridauth.SensitiveRoute;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Tells whether a request goes to a sensitive route, and what that route demands: from {@link SensitiveRoute}
 * on controller methods and classes (found once, from the MVC handler mappings) and from request matchers such as
 * {@code hybrid-auth.sensitive-paths}. The filter asks before authorization, so that the live check can supply
 * the user's current authorities to it.
 */
public class SensitiveRoutes {

    private final ApplicationContext context;

    private final List<RequestMatcher> sensitivePaths;

    private volatile List<AnnotatedRoute> annotatedRoutes;

    /**
     * @param context the application context, whose MVC handler mappings are scanned on first use
     * @param sensitivePaths requests that are sensitive with the default requirement
     */
    public SensitiveRoutes(ApplicationContext context, List<RequestMatcher> sensitivePaths) {
        this.context = context;
        this.sensitivePaths = List.copyOf(sensitivePaths);
    }

    /**
     * @param request the request
     * @return what the route demands, or {@code null} when it is not sensitive
     */
    public Requirement requirementFor(HttpServletRequest request) {
        for (RequestMatcher matcher : sensitivePaths) {
            if (matcher.matches(request)) {
                return Requirement.ALWAYS_LIVE;
            }
        }
        List<AnnotatedRoute> routes = annotatedRoutes();
        if (routes.isEmpty()) {
            return null;
        }
        boolean parsedHere = !ServletRequestPathUtils.hasParsedRequestPath(request);
        if (parsedHere) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            for (AnnotatedRoute route : routes) {
                if (route.mapping().getMatchingCondition(request) != null) {
                    return route.requirement();
                }
            }
            return null;
        }
        finally {
            if (parsedHere) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    private List<AnnotatedRoute> annotatedRoutes() {
        List<AnnotatedRoute> routes = annotatedRoutes;
        if (routes == null) {
            routes = new ArrayList<>();
            for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class)
                .values()) {
                for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                    SensitiveRoute annotation = sensitiveRoute(entry.getValue());
                    if (annotation != null) {
                        routes.add(new AnnotatedRoute(entry.getKey(), Requirement.of(annotation)));
                    }
                }
            }
            routes = List.copyOf(routes);
            annotatedRoutes = routes;
        }
        return routes;
    }

    private static SensitiveRoute sensitiveRoute(HandlerMethod handler) {
        SensitiveRoute onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), SensitiveRoute.class);
        return (onMethod != null) ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), SensitiveRoute.class);
    }

    /**
     * What a sensitive route demands.
     *
     * @param maxTokenAge a JWT younger than this skips the live check; zero means always live
     * @param maxAuthenticationAge how recent the last authentication must be, or {@code null} for no limit
     */
    public record Requirement(Duration maxTokenAge, Duration maxAuthenticationAge) {

        static final Requirement ALWAYS_LIVE = new Requirement(Duration.ZERO, null);

        static Requirement of(SensitiveRoute annotation) {
            Duration maxTokenAge = DurationStyle.detectAndParse(annotation.maxTokenAge());
            Duration maxAuthenticationAge = StringUtils.hasText(annotation.maxAuthenticationAge())
                    ? DurationStyle.detectAndParse(annotation.maxAuthenticationAge()) : null;
            return new Requirement(maxTokenAge, maxAuthenticationAge);
        }

    }

    private record AnnotatedRoute(RequestMappingInfo mapping, Requirement requirement) {

    }

}
