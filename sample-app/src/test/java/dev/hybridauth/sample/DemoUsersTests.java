package dev.hybridauth.sample;

import java.net.http.HttpResponse;
import java.util.List;

import dev.hybridauth.it.HttpClientSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo users exist before the web server accepts its first request: a lifecycle bean
 * of the earliest phase, started before the web server (and before the context is
 * refreshed), finds them. On a database of its own, so that no earlier context of the
 * test run has created them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:demo-users-tests;DB_CLOSE_DELAY=-1")
class DemoUsersTests {

	@LocalServerPort
	int port;

	@Autowired
	StartProbe probe;

	@Test
	void demoUsersExistBeforeTheWebServerStartsAndTheFirstLoginSucceeds() {
		assertThat(this.probe.webServerStartedBeforeTheProbe).as("the probe ran before the web server started")
			.isFalse();
		assertThat(this.probe.webServerStarted).isTrue();
		assertThat(this.probe.usersAtStart).containsExactlyInAnyOrder("alice", "admin");

		HttpResponse<String> firstLogin = new HttpClientSupport(this.port).postJson("/auth/login",
				"{\"username\":\"alice\",\"password\":\"alice-password\"}");

		assertThat(firstLogin.statusCode()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ProbeConfiguration {

		@Bean
		StartProbe startProbe(AppUserRepository users) {
			return new StartProbe(users);
		}

	}

	/**
	 * Records, when the context starts its lifecycle beans (this one first), which users
	 * exist and whether the web server has started yet.
	 */
	static class StartProbe implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

		private final AppUserRepository users;

		private volatile boolean running;

		volatile boolean webServerStarted;

		volatile boolean webServerStartedBeforeTheProbe;

		volatile List<String> usersAtStart;

		StartProbe(AppUserRepository users) {
			this.users = users;
		}

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			this.webServerStarted = true;
		}

		@Override
		public void start() {
			this.webServerStartedBeforeTheProbe = this.webServerStarted;
			this.usersAtStart = this.users.findAll().stream().map(AppUser::getUsername).toList();
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MIN_VALUE;
		}

	}

}
