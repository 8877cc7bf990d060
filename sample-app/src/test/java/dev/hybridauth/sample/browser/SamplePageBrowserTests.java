package dev.hybridauth.sample.browser;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's web page in real headless Chromium: login, an action, a transparent JWT
 * refresh (a 3-second JWT), revoking a device from a second browser, the step-up prompt,
 * and an admin role change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "hybrid-auth.jwt.ttl=3s")
class SamplePageBrowserTests {

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@LocalServerPort
	int port;

	@Autowired
	MovableClock clock;

	@AfterEach
	void closeBrowsers() {
		this.browsers.closeAll();
	}

	@Test
	void loginShowsTheSessionTheJwtAndTheDevice() {
		WebDriver browser = loggedIn("alice", "alice-password");

		assertThat(text(browser, "session-user")).isEqualTo("alice");
		assertThat(text(browser, "session-authorities")).isEqualTo("ROLE_USER");
		assertThat(text(browser, "jwt-claims")).contains("\"sid\"", "\"sub\": \"alice\"", "\"roles\"");
		assertThat(text(browser, "jwt-expires")).isNotBlank();
		assertThat(browser.findElements(By.cssSelector("#devices tr.current .badge"))).hasSize(1);
		assertThat(browser.findElement(By.id("admin-panel")).isDisplayed()).isFalse();
	}

	@Test
	void anActionWorksAndTheJwtIsRefreshedTransparentlyAfterItExpires() throws Exception {
		WebDriver browser = loggedIn("alice", "alice-password");
		String firstClaims = text(browser, "jwt-claims");

		click(browser, "reports-button");
		waitForText(browser, "action-result", "200 reports");
		assertThat(text(browser, "action-result")).contains("Quarterly summary");

		Thread.sleep(4_000);
		assertThat(browser.manage().getCookieNamed("hybrid_session_jwt")).as("the browser dropped the expired JWT")
			.isNull();
		click(browser, "reports-button");
		waitForText(browser, "action-result", "200 reports");
		new WebDriverWait(browser, Duration.ofSeconds(5))
			.until((driver) -> !text(driver, "jwt-claims").equals(firstClaims));
		assertThat(browser.manage().getCookieNamed("hybrid_session_jwt")).isNotNull();
		assertThat(text(browser, "session-user")).isEqualTo("alice");
	}

	@Test
	void revokingThisDeviceFromASecondBrowserMakesTheSensitiveActionFail() {
		WebDriver first = loggedIn("alice", "alice-password");
		click(first, "transfer-button");
		waitForText(first, "action-result", "200 transfer");

		WebDriver second = loggedIn("alice", "alice-password");
		List<WebElement> revokeButtons = second.findElements(By.cssSelector("#devices button.revoke"));
		assertThat(revokeButtons).hasSize(1);
		revokeButtons.get(0).click();
		new WebDriverWait(second, Duration.ofSeconds(5))
			.until((driver) -> driver.findElements(By.cssSelector("#devices tr")).size() == 1);

		click(first, "transfer-button");
		waitForText(first, "action-result", "401 transfer");
		click(second, "transfer-button");
		waitForText(second, "action-result", "200 transfer");
	}

	@Test
	void stepUpPromptsForThePasswordAndThenSucceeds() {
		WebDriver browser = loggedIn("alice", "alice-password");
		click(browser, "email-button");
		waitForText(browser, "action-result", "200 change e-mail");

		this.clock.advance(Duration.ofMinutes(6));
		click(browser, "email-button");
		waitForText(browser, "action-result", "401 change e-mail");
		assertThat(browser.findElement(By.id("step-up-form")).isDisplayed()).isTrue();

		browser.findElement(By.id("step-up-password")).sendKeys("alice-password");
		click(browser, "step-up-button");
		waitForText(browser, "action-result", "200 change e-mail");
		assertThat(browser.findElement(By.id("step-up-form")).isDisplayed()).isFalse();
	}

	@Test
	void adminChangesAUsersRoles() {
		WebDriver browser = loggedIn("admin", "admin-password");
		assertThat(browser.findElement(By.id("admin-panel")).isDisplayed()).isTrue();
		click(browser, "reports-button");
		waitForText(browser, "action-result", "200 reports");
		Browsers.screenshot(browser, Path.of("target", "screenshots", "sample-page.png"));

		WebElement roles = browser.findElement(By.id("roles-value"));
		roles.clear();
		roles.sendKeys("ROLE_USER");
		click(browser, "roles-button");

		waitForText(browser, "roles-result", "200 roles");
	}

	private WebDriver loggedIn(String username, String password) {
		WebDriver browser = this.browsers.open();
		browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
		WebElement user = browser.findElement(By.id("username"));
		user.clear();
		user.sendKeys(username);
		WebElement secret = browser.findElement(By.id("password"));
		secret.clear();
		secret.sendKeys(password);
		click(browser, "login-button");
		wait.until((driver) -> username.equals(text(driver, "session-user")));
		wait.until((driver) -> !driver.findElements(By.cssSelector("#devices tr")).isEmpty());
		return browser;
	}

	private static void click(WebDriver browser, String id) {
		new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.elementToBeClickable(By.id(id)))
			.click();
	}

	private static void waitForText(WebDriver browser, String id, String expected) {
		new WebDriverWait(browser, Duration.ofSeconds(10)).until((driver) -> text(driver, id).startsWith(expected));
	}

	private static String text(WebDriver browser, String id) {
		return browser.findElement(By.id(id)).getText();
	}

	/**
	 * A clock the test moves forward, so that the step-up rule's five minutes pass at
	 * once.
	 */
	static class MovableClock extends Clock {

		private volatile Duration offset = Duration.ZERO;

		void advance(Duration duration) {
			this.offset = this.offset.plus(duration);
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MovableClock clock() {
			return new MovableClock();
		}

	}

}
