package dev.hybridauth.web.endpoint;

import java.io.IOException;

import dev.hybridauth.web.endpoint.EndpointRecords.Problem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the errors that Spring MVC raises itself on a path under the base path, often
 * before any endpoint runs: no such endpoint ({@code 404}), another method ({@code 405},
 * with {@code Allow}), a media type the endpoint does not take ({@code 415}), a missing
 * parameter. They get {@code application/problem+json}, like every other answer of the
 * endpoints, without Spring MVC's details; the application's error page would answer
 * something else. Paths outside the base path are left to the application.
 */
final class EndpointErrorResolver implements HandlerExceptionResolver {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String basePath;

	EndpointErrorResolver(String basePath) {
		this.basePath = basePath;
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (!(ex instanceof ErrorResponse error) || !isUnderBasePath(request)) {
			return null;
		}
		HttpStatus status = HttpStatus.valueOf(error.getStatusCode().value());
		error.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		try {
			json.writeValue(response.getOutputStream(), new Problem("about:blank", status.getReasonPhrase(),
					status.value(), "The request cannot be processed: " + status.getReasonPhrase() + "."));
		}
		catch (IOException ex2) {
			// the client went away; there is nobody left to answer
		}
		return new ModelAndView();
	}

	private boolean isUnderBasePath(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(this.basePath) || path.startsWith(this.basePath + "/");
	}

}
