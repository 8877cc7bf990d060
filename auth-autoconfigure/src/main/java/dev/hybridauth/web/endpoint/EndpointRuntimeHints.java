package dev.hybridauth.web.endpoint;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs of the endpoints: Jackson binds the request and response
 * records reflectively (some are written outside Spring MVC, which would otherwise
 * register them), and builds the strict string deserializer that their fields name.
 */
class EndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				EndpointRecords.LoginRequest.class, EndpointRecords.RefreshRequest.class,
				EndpointRecords.ReauthenticateRequest.class, EndpointRecords.TokenResponse.class,
				EndpointRecords.SessionResponse.class, EndpointRecords.SessionsResponse.class,
				EndpointRecords.CsrfResponse.class, EndpointRecords.Problem.class);
		hints.reflection().registerType(StrictStringDeserializer.class, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
	}

}
