package health.haven.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both paths are
 * given, so that Selenium Manager never tries to download a browser.
 */
final class Browser implements AutoCloseable {

	// where Debian and Ubuntu (a snap) put them, the same places ./setup-tests looks
	static final Path CHROMIUM = installed("haven.chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/snap/bin/chromium");

	static final Path CHROMEDRIVER = installed("haven.chromedriver", "/usr/bin/chromedriver",
			"/usr/lib/chromium/chromedriver", "/snap/bin/chromium.chromedriver");

	private final WebDriver driver;

	/**
	 * The path a system property names, or else the first of the candidates that is
	 * executable (the first one when none is).
	 */
	private static Path installed(String property, String... candidates) {
		String given = System.getProperty(property);
		if (given != null && !given.isBlank()) {
			return Path.of(given);
		}
		for (String candidate : candidates) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		return Path.of(candidates[0]);
	}

	private final String base;

	Browser(String base) throws IOException {
		this.base = base;
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("Browser tests need Chromium and chromedriver "
					+ "(./setup-tests installs them; or pass -Dhaven.chromium=... -Dhaven.chromedriver=...)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--disable-quic", "--window-size=1280,1024",
				"--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	void open(String path) {
		this.driver.get(this.base + path);
	}

	WebElement find(By by) {
		return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	/**
	 * What the page shows now, without waiting: none when it is not there.
	 */
	List<WebElement> findNow(By by) {
		return this.driver.findElements(by);
	}

	void type(By field, String text) {
		WebElement element = find(field);
		element.clear();
		element.sendKeys(text);
	}

	void click(By by) {
		waiting().until(ExpectedConditions.elementToBeClickable(by)).click();
	}

	void waitForText(By by, String text) {
		waiting().until(ExpectedConditions.textToBe(by, text));
	}

	String currentPath() {
		return this.driver.getCurrentUrl().substring(this.base.length());
	}

	void signIn(String user, String password) {
		open("/login");
		type(By.id("username"), user);
		type(By.id("password"), password);
		click(By.id("sign-in"));
		waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/**
	 * Waits until the browser is back on the portal (from an identity provider's page).
	 */
	void awaitBackOnPortal() {
		waiting().until(ExpectedConditions.urlMatches("^" + Pattern.quote(this.base)));
	}

	void signOut() {
		click(By.cssSelector("form.signout button"));
		waiting().until(ExpectedConditions.urlContains("/login"));
	}

	void screenshot(String name) throws IOException {
		Path folder = Files.createDirectories(Path.of("target", "screenshots"));
		Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
	}

	private WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(30));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
