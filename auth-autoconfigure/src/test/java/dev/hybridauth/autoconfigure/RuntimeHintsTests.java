package dev.hybridauth.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints for a native image, registered as Spring AOT finds them (through
 * {@code META-INF/spring/aot.factories}): the schema scripts, the session entity, the
 * endpoints' JSON records and the Tink class that EdDSA needs.
 */
class RuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@BeforeEach
	void registerAsAotDoes() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("dev.hybridauth."))
			.toList();
		assertThat(registrars).as("the starter's registrars").hasSize(3);
		registrars.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
	}

	@Test
	void theSchemaScriptsAndMigrationsAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/hybridauth/session/schema-postgresql.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/hybridauth/session/schema-h2.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("db/hybrid-auth/flyway/postgresql/V1_0_0_1__hybrid_auth.sql")).accepts(this.hints);
		assertThat(
				RuntimeHintsPredicates.resource().forResource("db/hybrid-auth/liquibase/db.changelog-hybrid-auth.yaml"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/hybridauth/session/other.sql"))
			.as("positive control: only the schema scripts")
			.rejects(this.hints);
	}

	@Test
	void hibernateCanBuildAndFillTheSessionEntity() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("dev.hybridauth.session.SessionEntity"))
			.withMemberCategories(MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
			.accepts(this.hints);
	}

	@Test
	void jacksonCanBindTheEndpointRecords() throws ClassNotFoundException {
		for (String record : List.of("LoginRequest", "RefreshRequest", "ReauthenticateRequest", "TokenResponse",
				"SessionResponse", "SessionsResponse", "CsrfResponse", "Problem")) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of("dev.hybridauth.web.endpoint.EndpointRecords$" + record))).as(record)
				.accepts(this.hints);
		}
		Class<?> tokenResponse = Class.forName("dev.hybridauth.web.endpoint.EndpointRecords$TokenResponse");
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(tokenResponse, "sessionJwt"))
			.as("its accessors, which Jackson calls")
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("dev.hybridauth.web.endpoint.StrictStringDeserializer"))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void theTinkClassThatEdDsaNeedsIsKnown() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of("com.google.crypto.tink.subtle.Ed25519Sign"))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of("com.google.crypto.tink.Aead")))
			.as("positive control: not all of Tink")
			.rejects(this.hints);
	}

}
