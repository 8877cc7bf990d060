package dev.hybridauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An OpenAPI 3.1 document, and the check of real HTTP exchanges against it. Every check
 * of a value is a JSON Schema validation by networknt's json-schema-validator, with the
 * OpenAPI 3.1 dialect (JSON Schema 2020-12 and the OAS base vocabulary), of the schema
 * the document gives for that request or response; this class only finds that schema (the
 * operation by path template and method, the response by status, the media type by
 * {@code Content-Type}) and reports what the document does not describe at all: an
 * undocumented path, method, status, media type or required header, or a body where none
 * is documented.
 */
final class OpenApiDocument {

	/**
	 * The identifier the document is registered under, so that its {@code $ref}s resolve
	 * within it; its ending tells the schema registry that the content is YAML.
	 */
	private static final String IRI = "https://hybrid-auth.test/openapi.yaml";

	private static final String OAS_31 = "https://spec.openapis.org/oas/3.1/";

	private static final String OAS_SCHEMA_ID = "WORK-IN-PROGRESS";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final JsonNode document;

	private final SchemaRegistry registry;

	private OpenApiDocument(String yaml) {
		this.document = YAMLMapper.builder().build().readTree(yaml);
		this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemas(Map.of(IRI, yaml))
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
	}

	static OpenApiDocument load(Path path) {
		try {
			return new OpenApiDocument(Files.readString(path));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + path.toAbsolutePath(), ex);
		}
	}

	static OpenApiDocument of(String yaml) {
		return new OpenApiDocument(yaml);
	}

	JsonNode document() {
		return this.document;
	}

	/**
	 * Validates the document against the OpenAPI 3.1 schema of the OpenAPI Initiative
	 * ({@code schema-base}: the document's structure, and every Schema Object against the
	 * OAS 3.1 dialect), kept in the test resources under {@code openapi/oas-3.1}.
	 * @return the violations, none when the document is a valid OpenAPI 3.1 description
	 */
	List<String> validateDocument() {
		SchemaRegistry oas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, (builder) -> builder
			.schemaIdResolvers((resolvers) -> resolvers.mappings(OpenApiDocument::oasResource)));
		Schema schema = oas.getSchema(SchemaLocation.of(OAS_31 + "schema-base/" + OAS_SCHEMA_ID));
		return messages(schema.validate(this.document));
	}

	/**
	 * Where the test resources keep a schema of the OAS 3.1 schema set.
	 * @param id the schema's {@code $id}
	 * @return its classpath location, or {@code null} for any other schema
	 */
	private static String oasResource(String id) {
		if (!id.startsWith(OAS_31) || !id.endsWith("/" + OAS_SCHEMA_ID)) {
			return null;
		}
		return "classpath:openapi/oas-3.1/" + id.substring(OAS_31.length(), id.length() - OAS_SCHEMA_ID.length() - 1)
				+ ".json";
	}

	/**
	 * Checks a request that the document must accept: its path, method, credential
	 * (against the operation's security requirements), media type and body.
	 * @param method the HTTP method
	 * @param uri the request URI
	 * @param headers the request headers, as name-value pairs
	 * @param contentType the request's {@code Content-Type}, or {@code null} without a
	 * body
	 * @param body the request body, or {@code null}
	 * @return the violations
	 */
	List<String> validateRequest(String method, URI uri, List<String> headers, String contentType, String body) {
		List<String> violations = new ArrayList<>();
		String what = method + " " + uri.getPath();
		String operation = operationPointer(method, uri.getPath(), violations);
		if (operation == null) {
			return violations;
		}
		Set<String> credentials = credentials(headers);
		if (!isAllowed(operation, credentials)) {
			violations.add(what + ": no security requirement of the operation is met by " + credentials);
		}
		if (body == null || body.isEmpty()) {
			if (this.document.at(operation + "/requestBody/required").asBoolean(false)) {
				violations.add(what + ": the request body is required");
			}
			return violations;
		}
		String mediaType = mediaType(contentType);
		String content = operation + "/requestBody/content/" + escape(mediaType);
		if (this.document.at(content).isMissingNode()) {
			violations.add(what + ": request media type " + mediaType + " not documented");
			return violations;
		}
		JsonNode instance = "application/x-www-form-urlencoded".equals(mediaType) ? form(body) : json.readTree(body);
		violations.addAll(validate(content + "/schema", instance, what + " request"));
		return violations;
	}

	/**
	 * The security schemes of the document whose credential a request carries: an
	 * {@code http} {@code bearer} scheme by the form of the bearer value (a
	 * {@code bearerFormat} of {@code JWT} for a value with dots, any other for one
	 * without), an {@code apiKey} by its header or cookie.
	 * @param headers the request headers, as name-value pairs
	 * @return the names of the schemes
	 */
	private Set<String> credentials(List<String> headers) {
		Set<String> schemes = new TreeSet<>();
		JsonNode definitions = this.document.at("/components/securitySchemes");
		for (int i = 0; i < headers.size(); i += 2) {
			String name = headers.get(i);
			String value = headers.get(i + 1);
			for (String scheme : definitions.propertyNames()) {
				JsonNode definition = definitions.get(scheme);
				boolean carried = switch (definition.path("type").asString()) {
					case "http" -> name.equalsIgnoreCase("Authorization")
							&& value.regionMatches(true, 0, definition.path("scheme").asString() + " ", 0,
									definition.path("scheme").asString().length() + 1)
							&& (value.contains(".") == "JWT".equals(definition.path("bearerFormat").asString()));
					case "apiKey" -> isApiKey(definition, name, value);
					default -> false;
				};
				if (carried) {
					schemes.add(scheme);
				}
			}
		}
		return schemes;
	}

	private static boolean isApiKey(JsonNode definition, String name, String value) {
		String key = definition.path("name").asString();
		return switch (definition.path("in").asString()) {
			case "header" -> name.equalsIgnoreCase(key);
			case "cookie" -> name.equalsIgnoreCase("Cookie")
					&& Arrays.stream(value.split(";")).anyMatch((cookie) -> cookie.strip().startsWith(key + "="));
			default -> false;
		};
	}

	/**
	 * Whether the credentials meet one of the operation's security requirements (or the
	 * document's, when the operation has none); an empty requirement is met by any
	 * request.
	 */
	private boolean isAllowed(String operation, Set<String> credentials) {
		JsonNode requirements = this.document.at(operation + "/security");
		if (requirements.isMissingNode()) {
			requirements = this.document.path("security");
		}
		if (requirements.isMissingNode() || requirements.isEmpty()) {
			return true;
		}
		for (JsonNode requirement : requirements) {
			if (credentials.containsAll(requirement.propertyNames())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a response against the document: its status, its required headers and their
	 * values, its media type and its body.
	 * @param response the response, with the request it answers
	 * @return the violations
	 */
	List<String> validateResponse(HttpResponse<String> response) {
		String method = response.request().method();
		String path = response.request().uri().getPath();
		String what = method + " " + path + " " + response.statusCode();
		List<String> violations = new ArrayList<>();
		String operation = operationPointer(method, path, violations);
		if (operation == null) {
			return violations;
		}
		String responsePointer = resolve(operation + "/responses/" + response.statusCode());
		if (this.document.at(responsePointer).isMissingNode()) {
			violations.add(what + ": status not documented");
			return violations;
		}
		JsonNode headers = this.document.at(responsePointer + "/headers");
		for (String name : headers.propertyNames()) {
			String header = resolve(responsePointer + "/headers/" + escape(name));
			List<String> values = response.headers().allValues(name);
			if (values.isEmpty()) {
				if (this.document.at(header + "/required").asBoolean(false)) {
					violations.add(what + ": required header " + name + " missing");
				}
				continue;
			}
			for (String value : values) {
				violations.addAll(validate(header + "/schema", StringNode.valueOf(value), what + " header " + name));
			}
		}
		JsonNode content = this.document.at(responsePointer + "/content");
		if (content.isMissingNode() || content.isEmpty()) {
			if (!response.body().isEmpty()) {
				violations.add(what + ": a body where the document has none");
			}
			return violations;
		}
		String mediaType = mediaType(response.headers().firstValue("Content-Type").orElse(null));
		String mediaPointer = responsePointer + "/content/" + escape(mediaType);
		if (this.document.at(mediaPointer).isMissingNode()) {
			violations.add(what + ": media type " + mediaType + " not documented");
			return violations;
		}
		violations.addAll(validate(mediaPointer + "/schema", json.readTree(response.body()), what + " body"));
		return violations;
	}

	/**
	 * The operations the document describes.
	 * @return each as {@code METHOD path-template}
	 */
	List<String> operations() {
		List<String> operations = new ArrayList<>();
		JsonNode paths = this.document.get("paths");
		for (String path : paths.propertyNames()) {
			for (String method : paths.get(path).propertyNames()) {
				operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
			}
		}
		return operations;
	}

	/**
	 * The path template and method that a request matches.
	 * @param method the HTTP method
	 * @param path the request path
	 * @return {@code METHOD path-template}, or {@code null}
	 */
	String operation(String method, String path) {
		String template = template(path);
		return (template != null && this.document.get("paths").get(template).has(method.toLowerCase(Locale.ROOT)))
				? method + " " + template : null;
	}

	private String operationPointer(String method, String path, List<String> violations) {
		String template = template(path);
		if (template == null) {
			violations.add(method + " " + path + ": path not documented");
			return null;
		}
		String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
		if (this.document.at(pointer).isMissingNode()) {
			violations.add(method + " " + path + ": method not documented");
			return null;
		}
		return pointer;
	}

	private String template(String path) {
		for (String template : this.document.get("paths").propertyNames()) {
			StringBuilder regex = new StringBuilder();
			for (String part : template.split("(?=\\{)|(?<=\\})")) {
				regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
			}
			if (path.matches(regex.toString())) {
				return template;
			}
		}
		return null;
	}

	/**
	 * Follows a {@code $ref} to a component.
	 * @param pointer a JSON pointer into the document
	 * @return the pointer of what it refers to, or the pointer itself
	 */
	private String resolve(String pointer) {
		JsonNode ref = this.document.at(pointer + "/$ref");
		return ref.isString() ? ref.asString().substring(1) : pointer;
	}

	private List<String> validate(String schemaPointer, JsonNode instance, String what) {
		// the fragment is a JSON pointer in a URI: its braces percent-encoded (RFC 6901)
		String fragment = schemaPointer.replace("{", "%7B").replace("}", "%7D");
		Schema schema = this.registry.getSchema(SchemaLocation.of(IRI + "#" + fragment));
		return messages(schema.validate(instance)).stream().map((message) -> what + ": " + message).toList();
	}

	private static List<String> messages(List<Error> errors) {
		return errors.stream().map((error) -> error.getInstanceLocation() + " " + error.getMessage()).toList();
	}

	private static ObjectNode form(String body) {
		ObjectNode fields = json.createObjectNode();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return fields;
	}

	private static String mediaType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int parameters = contentType.indexOf(';');
		return ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).strip()
			.toLowerCase(Locale.ROOT);
	}

	private static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

}
