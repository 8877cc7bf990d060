package dev.hybridauth.session;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs of the session package: the schema scripts, which the
 * initializer finds on the classpath by the database's platform, the Flyway and Liquibase
 * migrations, and the session entity, which Hibernate reads and builds reflectively.
 */
class SessionRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("dev/hybridauth/session/schema-*.sql");
		hints.resources().registerPattern("db/hybrid-auth/flyway/*/*.sql");
		hints.resources().registerPattern("db/hybrid-auth/liquibase/*.yaml");
		hints.reflection()
			.registerType(SessionEntity.class, MemberCategory.ACCESS_DECLARED_FIELDS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS);
	}

}
