package dev.hybridauth.token;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs of the token package: the Tink class whose presence decides
 * whether EdDSA can be configured, when Tink is on the classpath.
 */
class TokenRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, SessionJwtAutoConfiguration.TINK_CLASS);
	}

}
