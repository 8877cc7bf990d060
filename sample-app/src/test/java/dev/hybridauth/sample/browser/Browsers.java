package dev.hybridauth.sample.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium browsers (Debian's {@code chromium} and
 * {@code chromium-driver}), each with a profile of its own, and a screenshot of each
 * under {@code target/screenshots/} when a test fails.
 */
public class Browsers implements AfterTestExecutionCallback {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private final List<WebDriver> open = new ArrayList<>();

	public WebDriver open() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		try {
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,1100",
					"--user-data-dir=" + Files.createTempDirectory("hybrid-auth-chromium"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.build();
		WebDriver browser = new ChromeDriver(service, options);
		this.open.add(browser);
		return browser;
	}

	public void closeAll() {
		this.open.forEach(WebDriver::quit);
		this.open.clear();
	}

	/**
	 * Saves a screenshot of a browser.
	 * @param browser the browser
	 * @param file where to
	 */
	public static void screenshot(WebDriver browser, Path file) {
		try {
			Files.createDirectories(file.getParent());
			File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
			Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		if (context.getExecutionException().isPresent()) {
			for (int i = 0; i < this.open.size(); i++) {
				screenshot(this.open.get(i), Path.of("target", "screenshots",
						context.getRequiredTestMethod().getName() + "-browser" + (i + 1) + ".png"));
			}
		}
	}

}
