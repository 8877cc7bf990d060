package dev.hybridauth.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a session store that cannot be reached during a {@code hybridauth} endpoint
 * operation as hybrid-auth's own endpoints do: {@code 503} with {@code Retry-After} and
 * an {@code application/problem+json} body, never a {@code 500} or the database's
 * message. Requests to other paths, and other exceptions, are left to the application.
 */
class HybridAuthEndpointExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(HybridAuthEndpointExceptionResolver.class);

	private static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
			+ "\"detail\":\"The session store is unavailable. Try again shortly.\"}";

	private final ObjectProvider<PathMappedEndpoints> endpoints;

	HybridAuthEndpointExceptionResolver(ObjectProvider<PathMappedEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (!(ex instanceof DataAccessException || ex instanceof TransactionException) || !isEndpointRequest(request)) {
			return null;
		}
		logger.warn("Session store unavailable: " + ex.getClass().getName());
		try {
			byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
		catch (IOException writeFailed) {
			return null;
		}
		return new ModelAndView();
	}

	private boolean isEndpointRequest(HttpServletRequest request) {
		PathMappedEndpoints mapped = this.endpoints.getIfAvailable();
		String path = (mapped != null) ? mapped.getPath(EndpointId.of("hybridauth")) : null;
		if (path == null) {
			return false;
		}
		String requestPath = request.getRequestURI().substring(request.getContextPath().length());
		return requestPath.equals(path) || requestPath.startsWith(path + "/");
	}

	// before Spring MVC's own resolvers, which would leave the exception to the error
	// page
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
