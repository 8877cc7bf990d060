package dev.hybridauth.web.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;

/**
 * Where a browser's HTML form login goes: a form post whose {@code Accept} prefers
 * {@code text/html} (a page navigation) is redirected to a local success URL, and, when
 * one is configured, to a local failure URL; any other client keeps the token response
 * and the problem answers.
 *
 * @param successUrl the local path after a successful login
 * @param failureUrl the local path after a refused login, or {@code null} to answer
 * {@code 401}
 */
record BrowserFormLogin(String successUrl, String failureUrl) {

	BrowserFormLogin {
		checkLocalPath("hybrid-auth.login.success-url", successUrl, false);
		checkLocalPath("hybrid-auth.login.failure-url", failureUrl, true);
	}

	/**
	 * Whether the request is a browser's page navigation: its {@code Accept} names
	 * {@code text/html} with a higher quality than it gives {@code application/json}.
	 * Without an {@code Accept}, with {@code *}{@code /*} only, or with a tie, it is not.
	 * @param request the form post
	 * @return whether to answer it with a redirect
	 */
	static boolean prefersHtml(HttpServletRequest request) {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		if (accept.isEmpty()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		double html = qualityOf(MediaType.TEXT_HTML, types, true);
		return html > 0 && html > qualityOf(MediaType.APPLICATION_JSON, types, false);
	}

	/**
	 * The quality the most specific range that includes the type gives it (RFC 9110,
	 * 12.5.1).
	 */
	private static double qualityOf(MediaType type, List<MediaType> ranges, boolean exactOnly) {
		int bestSpecificity = -1;
		double quality = 0;
		for (MediaType range : ranges) {
			if (!range.includes(type)) {
				continue;
			}
			int specificity = range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
			if (exactOnly && specificity < 2) {
				continue;
			}
			if (specificity > bestSpecificity) {
				bestSpecificity = specificity;
				quality = range.getQualityValue();
			}
		}
		return quality;
	}

	/**
	 * The URL to redirect to, under the application's context path as Spring Security's
	 * redirects are.
	 * @param request the request
	 * @param path the configured local path
	 * @return the {@code Location}
	 */
	static URI location(HttpServletRequest request, String path) {
		return URI.create(request.getContextPath() + path);
	}

	/**
	 * Refuses anything but a path on this application: a redirect elsewhere after a login
	 * is an open redirect.
	 */
	private static void checkLocalPath(String property, String value, boolean optional) {
		if (value == null && optional) {
			return;
		}
		String problem = localPathProblem(value);
		if (problem != null) {
			throw new IllegalStateException(
					property + " must be a local path such as /home (" + problem + "), not '" + value + "'");
		}
	}

	private static String localPathProblem(String value) {
		if (!StringUtils.hasLength(value) || value.charAt(0) != '/') {
			return "it must start with /";
		}
		if (value.startsWith("//") || value.startsWith("/\\")) {
			return "// names another host";
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= ' ' || c == '\\' || c >= 0x7f) {
				return "no spaces, backslashes or control characters";
			}
		}
		try {
			URI uri = new URI(value);
			if (uri.getScheme() != null || uri.getRawAuthority() != null) {
				return "no scheme or host";
			}
		}
		catch (URISyntaxException ex) {
			return "it is not a valid URI";
		}
		return null;
	}

}
