package dev.hybridauth.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hybridauth.SensitiveRoute;
import dev.hybridauth.autoconfigure.HybridAuthAutoConfiguration;
import dev.hybridauth.config.HybridAuthSecurityAutoConfiguration;
import dev.hybridauth.login.LoginThrottleAutoConfiguration;
import dev.hybridauth.metrics.HybridAuthMetricsAutoConfiguration;
import dev.hybridauth.session.SessionAutoConfiguration;
import dev.hybridauth.token.SessionJwtAutoConfiguration;
import dev.hybridauth.web.endpoint.HybridAuthEndpointsAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link MvcSensitiveRouteResolver} over a real Spring MVC
 * {@link RequestMappingHandlerMapping}: the requirement is the one of the handler MVC
 * dispatches the request to.
 */
class MvcSensitiveRouteResolverTests {

	private static final SensitiveRouteRequirement STEP_UP_5M = new SensitiveRouteRequirement(Duration.ZERO,
			Duration.ofMinutes(5));

	private final List<AnnotationConfigWebApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(AnnotationConfigWebApplicationContext::close);
	}

	@Test
	void resolveWhenMethodIsAnnotatedThenItsRequirement() {
		MvcSensitiveRouteResolver resolver = resolver(AccountController.class);

		assertThat(resolver.resolve(request("POST", "/transfers"))).isEqualTo(SensitiveRouteRequirement.ALWAYS_LIVE);
		assertThat(resolver.resolve(request("POST", "/account/email"))).isEqualTo(STEP_UP_5M);
		assertThat(resolver.resolve(request("POST", "/account/limits")))
			.isEqualTo(new SensitiveRouteRequirement(Duration.ofSeconds(60), null));
	}

	@Test
	void resolveWhenRouteIsNotSensitiveThenNull() {
		MvcSensitiveRouteResolver resolver = resolver(AccountController.class);

		assertThat(resolver.resolve(request("GET", "/reports"))).isNull();
		assertThat(resolver.resolve(request("POST", "/transfers"))).as("a sensitive one, same controller").isNotNull();
	}

	@Test
	void resolveWhenSamePathOtherMethodThenThatMethodsRequirement() {
		MvcSensitiveRouteResolver resolver = resolver(AccountController.class);

		assertThat(resolver.resolve(request("GET", "/account/email"))).isNull();
		assertThat(resolver.resolve(request("POST", "/account/email"))).isEqualTo(STEP_UP_5M);
	}

	@Test
	void resolveWhenClassIsAnnotatedThenEveryMethodUnlessItsOwn() {
		MvcSensitiveRouteResolver resolver = resolver(AdminController.class);

		assertThat(resolver.resolve(request("GET", "/admin/stats")))
			.isEqualTo(new SensitiveRouteRequirement(Duration.ofSeconds(30), null));
		assertThat(resolver.resolve(request("PUT", "/admin/users/alice/roles"))).as("the method's own annotation")
			.isEqualTo(new SensitiveRouteRequirement(Duration.ZERO, Duration.ofMinutes(10)));
	}

	@Test
	void resolveWhenMetaAnnotatedThenTheMetaAnnotationsRequirement() {
		MvcSensitiveRouteResolver resolver = resolver(CriticalController.class);

		assertThat(resolver.resolve(request("DELETE", "/critical")))
			.isEqualTo(new SensitiveRouteRequirement(Duration.ofSeconds(15), Duration.ofMinutes(1)));
	}

	@Test
	void resolveWhenSensitivePathMatchesThenAlwaysLive() {
		RequestMatcher paths = PathPatternRequestMatcher.withDefaults().matcher("/payments/**");
		MvcSensitiveRouteResolver resolver = resolver(List.of(paths), AccountController.class);

		assertThat(resolver.resolve(request("POST", "/payments/42"))).as("no handler needed")
			.isEqualTo(SensitiveRouteRequirement.ALWAYS_LIVE);
		assertThat(resolver.resolve(request("GET", "/reports"))).isNull();
	}

	@Test
	void resolveWhenSensitivePathAndAnnotatedHandlerThenAlwaysLiveWithTheHandlersStepUp() {
		RequestMatcher paths = PathPatternRequestMatcher.withDefaults().matcher("/account/**");
		MvcSensitiveRouteResolver resolver = resolver(List.of(paths), AccountController.class);

		assertThat(resolver.resolve(request("POST", "/account/email"))).as("the step-up is not lost")
			.isEqualTo(STEP_UP_5M);
		assertThat(resolver.resolve(request("POST", "/account/limits"))).as("the path makes it always live")
			.isEqualTo(SensitiveRouteRequirement.ALWAYS_LIVE);
	}

	@Test
	void resolveWhenTemplateRouteIsSensitiveAndLiteralRouteIsNotThenBestMatchDecides() {
		MvcSensitiveRouteResolver resolver = resolver(ThingsController.class);

		assertThat(resolver.resolve(request("GET", "/things/42"))).isEqualTo(STEP_UP_5M);
		assertThat(resolver.resolve(request("GET", "/things/mine"))).as("/things/{id} also matches, MVC picks /mine")
			.isNull();
	}

	@Test
	void resolveWhenLiteralRouteIsSensitiveAndTemplateRouteIsNotThenBestMatchDecides() {
		MvcSensitiveRouteResolver resolver = resolver(ItemsController.class);

		assertThat(resolver.resolve(request("GET", "/items/mine"))).isEqualTo(STEP_UP_5M);
		assertThat(resolver.resolve(request("GET", "/items/42"))).isNull();
	}

	@Test
	void resolveWhenOverlappingRoutesHaveDifferentRequirementsThenTheBestMatchs() {
		MvcSensitiveRouteResolver resolver = resolver(DocsController.class);

		assertThat(resolver.resolve(request("GET", "/docs/archive")))
			.isEqualTo(new SensitiveRouteRequirement(Duration.ZERO, Duration.ofMinutes(1)));
		assertThat(resolver.resolve(request("GET", "/docs/7")))
			.isEqualTo(new SensitiveRouteRequirement(Duration.ofSeconds(60), null));
		assertThat(resolver.resolve(request("GET", "/docs/7/history"))).as("/docs/** is the only match")
			.isEqualTo(SensitiveRouteRequirement.ALWAYS_LIVE);
	}

	@Test
	void resolveWhenNoMappingMatchesThenNull() {
		MvcSensitiveRouteResolver resolver = resolver(ThingsController.class, AccountController.class);

		assertThat(resolver.resolve(request("GET", "/nowhere"))).isNull();
		assertThat(resolver.resolve(request("POST", "/things/42"))).as("path matches, method does not").isNull();
		assertThat(resolver.resolve(request("GET", "/things/42"))).as("the same path with its method").isNotNull();
	}

	@Test
	void resolveWhenCalledThenLeavesNoParsedPathBehind() {
		MvcSensitiveRouteResolver resolver = resolver(ThingsController.class);
		MockHttpServletRequest request = request("GET", "/things/42");

		assertThat(resolver.resolve(request)).isNotNull();
		assertThat(ServletRequestPathUtils.hasParsedRequestPath(request)).isFalse();
	}

	@Test
	void afterSingletonsInstantiatedWhenDurationIsMalformedThenFailsNamingTheMethod() {
		MvcSensitiveRouteResolver resolver = new MvcSensitiveRouteResolver(
				context(MalformedController.class).getBeanProvider(RequestMappingHandlerMapping.class), List.of());

		assertThatIllegalStateException().isThrownBy(resolver::afterSingletonsInstantiated)
			.withMessageContaining(MalformedController.class.getName())
			.withMessageContaining(".soon(")
			.withMessageContaining("soon");
	}

	@Test
	void afterSingletonsInstantiatedWhenDurationIsNegativeThenFailsNamingTheMethod() {
		MvcSensitiveRouteResolver resolver = new MvcSensitiveRouteResolver(
				context(NegativeController.class).getBeanProvider(RequestMappingHandlerMapping.class), List.of());

		assertThatIllegalStateException().isThrownBy(resolver::afterSingletonsInstantiated)
			.withMessageContaining(NegativeController.class.getName() + ".past(");
	}

	@Test
	void startUpWhenDurationIsMalformedThenFailsNamingTheMethod() {
		bootApplication().withUserConfiguration(MalformedController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())).as("the root cause")
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining(MalformedController.class.getName() + ".soon(");
		});
	}

	@Test
	void startUpWhenDurationsAreWellFormedThenTheResolverReadsTheAnnotations() {
		bootApplication().withUserConfiguration(ThingsController.class).run((context) -> {
			assertThat(context).hasNotFailed();
			SensitiveRouteResolver resolver = context.getBean(SensitiveRouteResolver.class);
			assertThat(resolver.resolve(request("GET", "/things/42"))).isEqualTo(STEP_UP_5M);
			assertThat(resolver.resolve(request("GET", "/things/mine"))).isNull();
		});
	}

	private MvcSensitiveRouteResolver resolver(Class<?>... controllers) {
		return resolver(List.of(), controllers);
	}

	private MvcSensitiveRouteResolver resolver(List<RequestMatcher> sensitivePaths, Class<?>... controllers) {
		MvcSensitiveRouteResolver resolver = new MvcSensitiveRouteResolver(
				context(controllers).getBeanProvider(RequestMappingHandlerMapping.class), sensitivePaths);
		resolver.afterSingletonsInstantiated();
		return resolver;
	}

	private AnnotationConfigWebApplicationContext context(Class<?>... controllers) {
		AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
		context.setServletContext(new MockServletContext());
		context.register(MvcConfiguration.class);
		context.register(controllers);
		this.contexts.add(context);
		context.refresh();
		return context;
	}

	private static WebApplicationContextRunner bootApplication() {
		return new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
				HybridAuthAutoConfiguration.class, SessionAutoConfiguration.class, SessionJwtAutoConfiguration.class,
				HybridAuthMetricsAutoConfiguration.class, HybridAuthWebAutoConfiguration.class,
				HybridAuthEndpointsAutoConfiguration.class, LoginThrottleAutoConfiguration.class,
				HybridAuthSecurityAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class));
	}

	private static MockHttpServletRequest request(String method, String path) {
		return new MockHttpServletRequest(method, path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class MvcConfiguration {

	}

	@RestController
	static class AccountController {

		@PostMapping("/transfers")
		@SensitiveRoute
		String transfer() {
			return "transferred";
		}

		@PostMapping("/account/email")
		@SensitiveRoute(maxAuthenticationAge = "5m")
		String changeEmail() {
			return "changed";
		}

		@GetMapping("/account/email")
		String email() {
			return "alice@example.com";
		}

		@PostMapping("/account/limits")
		@SensitiveRoute(maxTokenAge = "60s")
		String changeLimits() {
			return "changed";
		}

		@GetMapping("/reports")
		String reports() {
			return "reports";
		}

	}

	@RestController
	@RequestMapping("/admin")
	@SensitiveRoute(maxTokenAge = "30s")
	static class AdminController {

		@GetMapping("/stats")
		String stats() {
			return "stats";
		}

		@PutMapping("/users/{username}/roles")
		@SensitiveRoute(maxAuthenticationAge = "10m")
		String roles() {
			return "roles";
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@SensitiveRoute(maxTokenAge = "15s", maxAuthenticationAge = "1m")
	@interface Critical {

	}

	@RestController
	static class CriticalController {

		@DeleteMapping("/critical")
		@Critical
		String delete() {
			return "deleted";
		}

	}

	@RestController
	static class ThingsController {

		@GetMapping("/things/{id}")
		@SensitiveRoute(maxAuthenticationAge = "5m")
		String thing() {
			return "thing";
		}

		@GetMapping("/things/mine")
		String mine() {
			return "mine";
		}

	}

	@RestController
	static class ItemsController {

		@GetMapping("/items/{id}")
		String item() {
			return "item";
		}

		@GetMapping("/items/mine")
		@SensitiveRoute(maxAuthenticationAge = "5m")
		String mine() {
			return "mine";
		}

	}

	@RestController
	static class DocsController {

		@GetMapping("/docs/**")
		@SensitiveRoute
		String any() {
			return "any";
		}

		@GetMapping("/docs/{id}")
		@SensitiveRoute(maxTokenAge = "60s")
		String doc() {
			return "doc";
		}

		@GetMapping("/docs/archive")
		@SensitiveRoute(maxAuthenticationAge = "1m")
		String archive() {
			return "archive";
		}

	}

	@RestController
	static class MalformedController {

		@GetMapping("/soon")
		@SensitiveRoute(maxTokenAge = "soon")
		String soon() {
			return "soon";
		}

	}

	@RestController
	static class NegativeController {

		@GetMapping("/past")
		@SensitiveRoute(maxAuthenticationAge = "-5m")
		String past() {
			return "past";
		}

	}

}
