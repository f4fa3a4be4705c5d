package io.inboxsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs)
 * driving the console as an operator would, and saving what it shows as the README's
 * screenshots.
 */
final class ConsoleBrowser implements AutoCloseable {

	/**
	 * Where the screenshots go: the build's folder, unless the README's are being renewed
	 * ({@code -Dconsole.screenshots=docs/console}), so that a test run leaves the tree as
	 * it was.
	 */
	static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));

	private static final Dimension LAPTOP = new Dimension(1280, 900);

	private static final Dimension PHONE = new Dimension(390, 844);

	private final ChromeDriver driver;

	private final String baseUrl;

	ConsoleBrowser(String baseUrl) {
		// Both the browser and its driver named, so Selenium Manager never looks for (or
		// downloads) either.
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--force-device-scale-factor=1", "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(LAPTOP);
		this.baseUrl = baseUrl;
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
	}

	void signIn(String token) {
		open("/console/sign-in");
		type(By.id("token"), token);
		click(By.cssSelector("form button[type=submit]"));
		waitFor((driver) -> driver.getCurrentUrl().contains("/console/dead-letters"));
	}

	WebElement find(By by) {
		return waitFor((driver) -> {
			List<WebElement> found = driver.findElements(by);
			return (!found.isEmpty() && found.get(0).isDisplayed()) ? found.get(0) : null;
		});
	}

	List<WebElement> findAll(By by) {
		return this.driver.findElements(by);
	}

	String text(By by) {
		return find(by).getText();
	}

	void type(By by, String text) {
		WebElement field = find(by);
		field.clear();
		field.sendKeys(text);
	}

	void select(By by, String value) {
		new Select(find(by)).selectByValue(value);
	}

	void click(By by) {
		find(by).click();
	}

	/**
	 * Clicks what leaves the page (a form's button, a link) and waits for the next page,
	 * so that what is read next is not the page being left.
	 */
	void clickToLoad(By by) {
		WebElement leaving = this.driver.findElement(By.tagName("html"));
		click(by);
		waitFor(ExpectedConditions.stalenessOf(leaving));
	}

	String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	<T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20), Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.until(condition::apply);
	}

	/** Saves the page as {name}.png, at a laptop's width. */
	void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
	}

	/** Saves the page as a phone shows it. */
	void phoneScreenshot(String name) throws IOException {
		this.driver.manage().window().setSize(PHONE);
		try {
			screenshot(name);
		}
		finally {
			this.driver.manage().window().setSize(LAPTOP);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
