package dev.hybridauth.web.endpoint;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * A JSON string, and nothing else: a number or a boolean where a username, a password or
 * a token belongs is a malformed request, not a value to convert.
 */
final class StrictStringDeserializer extends StdDeserializer<String> {

	StrictStringDeserializer() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			return (String) context.handleUnexpectedToken(String.class, parser);
		}
		return parser.getString();
	}

}
