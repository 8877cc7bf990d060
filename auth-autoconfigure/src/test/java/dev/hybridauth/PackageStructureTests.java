package dev.hybridauth;

import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure: no package cycle, nothing in the session store, the JWT code or
 * the password checks knows about HTTP, and the public types are exactly the ones a user
 * touches. A type that becomes public changes this list on purpose.
 */
class PackageStructureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.hybridauth");

	@Test
	void packagesHaveNoCycle() {
		slices().matching("dev.hybridauth.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void sessionsTokensAndPasswordChecksKnowNothingAboutHttp() {
		noClasses().that()
			.resideInAnyPackage("dev.hybridauth.session..", "dev.hybridauth.token..", "dev.hybridauth.login..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "dev.hybridauth.web..", "dev.hybridauth.config..")
			.check(classes);
	}

	@Test
	void theResourceServerSupportStandsAlone() {
		noClasses().that()
			.resideInAPackage("dev.hybridauth.resourceserver..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("dev.hybridauth.resourceserver..", "java..", "org.springframework..")
			.check(classes);
		noClasses().that()
			.resideOutsideOfPackage("dev.hybridauth.resourceserver..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.hybridauth.resourceserver..", "org.springframework.security.oauth2.server..")
			.check(classes);
	}

	@Test
	void publicTypesAreTheOnesAUserTouches() {
		Set<String> publicTypes = new TreeSet<>();
		for (JavaClass type : classes) {
			if (type.isTopLevelClass() && Modifier.isPublic(type.reflect().getModifiers())) {
				publicTypes.add(type.getName().substring("dev.hybridauth.".length()));
			}
		}
		assertThat(publicTypes).containsExactlyInAnyOrder(
				// the API
				"AuthenticationMethod", "ClientInfo", "HybridAuthentication", "HybridSession", "HybridSessionService",
				"JwtAlgorithm", "LoginLimit", "RefreshedSession", "RevocationReason", "SensitiveRoute", "SessionJwt",
				"SessionJwtClaims", "SessionLimitExceededException", "SessionLimitPolicy", "StartedSession",
				// the user-state SPI and the user ids of sessions
				"UserStateLoader", "UserState", "SessionUserIdResolver",
				// events
				"event.HybridSessionRefreshedEvent", "event.HybridSessionRevokedEvent",
				"event.HybridSessionStartedEvent", "event.HybridLoginThrottledEvent",
				// properties and auto-configuration (excluded or ordered against by
				// applications)
				"autoconfigure.HybridAuthAutoConfiguration", "autoconfigure.HybridAuthProperties",
				"session.SessionAutoConfiguration", "token.SessionJwtAutoConfiguration",
				"metrics.HybridAuthMetricsAutoConfiguration", "web.HybridAuthWebAutoConfiguration",
				"web.endpoint.HybridAuthEndpointsAutoConfiguration", "config.HybridAuthSecurityAutoConfiguration",
				"login.LoginThrottleAutoConfiguration", "actuate.HybridAuthActuatorAutoConfiguration",
				// the DSL
				"config.HybridAuthConfigurer",
				// other services' resource server, for session JWTs
				"resourceserver.SessionJwtResourceServer",
				// SPIs and the values they exchange
				"session.SessionStore", "session.StoredSession", "session.InMemorySessionStore",
				"session.RevocationEntry", "revocation.RevocationView",
				// the revocation feed's state, which the actuator endpoint and health
				// read
				"session.RevocationFeed", "token.SigningKeys", "token.SigningKey", "token.SessionJwtIssuer",
				"token.SessionJwtVerifier", "token.SessionJwtClaimsCustomizer", "token.InvalidSessionJwtException",
				"metrics.HybridAuthMetrics", "web.SensitiveRouteResolver", "web.SensitiveRouteRequirement",
				"web.authentication.CredentialResolver", "web.authentication.HybridCredential",
				"web.authentication.MalformedCredentialException", "login.LoginThrottle",
				// the password check that every login goes through, shared by the
				// endpoints
				// (web.endpoint) and the DSL's form login (config), and the refusal it
				// throws
				// through both
				"login.PasswordCheck", "login.LoginRefusedException",
				// the web pieces an application wires into its own security set-up or
				// login flows
				"web.EndpointSettings", "web.SessionCookies", "web.SessionRefresher",
				"web.HybridAuthenticationSuccessHandler", "web.authentication.HybridAuthenticationFilter",
				"web.authentication.HybridAuthenticationEntryPoint", "web.authentication.HybridAccessDeniedHandler",
				"web.authentication.HybridCsrfRequestMatcher");
	}

}
