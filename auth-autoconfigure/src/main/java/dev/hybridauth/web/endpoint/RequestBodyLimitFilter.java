package dev.hybridauth.web.endpoint;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hybridauth.web.endpoint.EndpointRecords.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the request bodies of the endpoints under the base path before anything reads
 * them: Spring Security's filters (the CSRF check reads a form's {@code _csrf} parameter,
 * a form login its credentials) and Spring MVC's message converters alike. A body over
 * the limit answers {@code 413} and is never read into memory:
 * <ul>
 * <li>with a {@code Content-Length} over the limit, at once, unread;</li>
 * <li>without one (a chunked body), this filter reads it, one byte past the limit at
 * most, and answers {@code 413} as soon as it gets there; a body within the limit goes on
 * from that buffer.</li>
 * </ul>
 * A chunked body is read here rather than through a wrapped input stream because the
 * servlet container parses form parameters from its own stream, which no request wrapper
 * can bound; the buffer serves the input stream, the reader and the form parameters.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final Set<String> BODILESS_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS");

	/**
	 * After the character encoding, forwarded-headers and observation filters
	 * ({@code HIGHEST_PRECEDENCE} and just after), before Spring Boot's
	 * {@code FormContentFilter} (-9900) and Spring Security's filter chain (-100), the
	 * first ones that may read a body.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

	private final int maxBytes;

	private final byte[] tooLarge;

	/**
	 * Creates the filter.
	 * @param maxBodySize the largest body accepted
	 */
	RequestBodyLimitFilter(DataSize maxBodySize) {
		Assert.isTrue(!maxBodySize.isNegative() && maxBodySize.toBytes() < Integer.MAX_VALUE,
				"hybrid-auth.endpoints.max-body-size must be between 0 and 2GB");
		this.maxBytes = (int) maxBodySize.toBytes();
		HttpStatus status = HttpStatus.CONTENT_TOO_LARGE;
		this.tooLarge = JsonMapper.builder()
			.build()
			.writeValueAsBytes(new Problem("about:blank", status.getReasonPhrase(), status.value(),
					"The request body is larger than " + this.maxBytes + " bytes."));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			reject(request, response);
			return;
		}
		if (declared >= 0 || BODILESS_METHODS.contains(request.getMethod())) {
			// the container delivers no more than the declared length; a GET or a DELETE
			// without one carries no body to read
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			reject(request, response);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (request.getProtocol().startsWith("HTTP/1")) {
			// the rest of the body is not read: the connection cannot serve another
			// request (HTTP/2 has no such header: its stream ends on its own)
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
		response.setContentLength(this.tooLarge.length);
		response.getOutputStream().write(this.tooLarge);
	}

	/**
	 * A request whose body has been read into a buffer: its input stream, its reader and,
	 * for a form post, its parameters come from that buffer.
	 */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		private Map<String, String[]> parameters;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body has already been read");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset()));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public String getParameter(String name) {
			String[] values = parameters().get(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return parameters();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(parameters().keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			String[] values = parameters().get(name);
			return (values != null) ? values.clone() : null;
		}

		/**
		 * The query string's parameters (the container still parses those), then, for a
		 * form post, the body's, in the container's order. A malformed pair is skipped,
		 * as the container does.
		 * @return every parameter, by name
		 */
		private Map<String, String[]> parameters() {
			if (this.parameters == null) {
				Map<String, List<String>> all = new LinkedHashMap<>();
				super.getParameterMap().forEach((name, values) -> all.computeIfAbsent(name, (key) -> new ArrayList<>())
					.addAll(List.of(values)));
				if (isFormPost()) {
					Charset charset = charset();
					for (String pair : new String(this.body, charset).split("&")) {
						int equals = pair.indexOf('=');
						try {
							String name = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair, charset);
							String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), charset) : "";
							if (!name.isEmpty()) {
								all.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
							}
						}
						catch (IllegalArgumentException ex) {
							// a malformed %-escape
						}
					}
				}
				Map<String, String[]> parameters = new LinkedHashMap<>();
				all.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
				this.parameters = Collections.unmodifiableMap(parameters);
			}
			return this.parameters;
		}

		private boolean isFormPost() {
			if (!HttpMethod.POST.matches(getMethod()) || getContentType() == null) {
				return false;
			}
			try {
				return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(getContentType()));
			}
			catch (InvalidMediaTypeException ex) {
				return false;
			}
		}

		private Charset charset() {
			String encoding = getCharacterEncoding();
			try {
				return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			}
			catch (IllegalArgumentException ex) {
				return StandardCharsets.ISO_8859_1;
			}
		}

	}

}
