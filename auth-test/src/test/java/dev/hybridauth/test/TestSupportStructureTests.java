package dev.hybridauth.test;

import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public types of the test support are the ones a test touches, and the two bridges
 * into the starter's packages; nothing else of it lives in the starter's packages. A type
 * that becomes public changes this list on purpose.
 */
class TestSupportStructureTests {

	private static final JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));

	@Test
	void publicTypesAreTheOnesATestTouchesAndTheTwoBridges() {
		Set<String> publicTypes = new TreeSet<>();
		for (JavaClass type : classes) {
			if (type.isTopLevelClass() && Modifier.isPublic(type.reflect().getModifiers())) {
				publicTypes.add(type.getName().substring("dev.hybridauth.".length()));
			}
		}
		assertThat(publicTypes).containsExactlyInAnyOrder(
				// what a test touches
				"test.HybridAuthRequestPostProcessors", "test.HybridSessionRequestPostProcessor",
				"test.SessionJwtRequestPostProcessor", "test.WithHybridSession", "test.WithSessionJwt",
				"test.HybridAuthMockMvcConfigurers",
				// loaded by @AutoConfigureMockMvc
				"test.HybridAuthMockMvcAutoConfiguration",
				// the bridges to the starter's package-private seams
				"session.BackdatedSessions", "token.BackdatedSessionJwts");
	}

	@Test
	void onlyTheBridgesLiveInTheStartersPackages() {
		Set<String> outside = new TreeSet<>();
		for (JavaClass type : classes) {
			if (!type.getPackageName().equals("dev.hybridauth.test")) {
				outside.add(type.getName());
			}
		}
		assertThat(outside).containsExactlyInAnyOrder("dev.hybridauth.session.BackdatedSessions",
				"dev.hybridauth.token.BackdatedSessionJwts");
	}

}
