package dev.evalhub.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through the system chromedriver. Selenium Manager is switched
 * off (offline, and both paths given), so nothing is ever downloaded. Screenshots go to {@code
 * target/screenshots/}.
 *
 * <p>Every read waits for what it reads, with Selenium's explicit waits (never a sleep, no implicit
 * wait): a click that leads to another page returns only once that page has replaced the current
 * one (the old root element is stale and the new document has loaded), so nothing is ever read from
 * the page being left. The pages run no scripts, so a loaded page does not change any more.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** How long any wait lasts at most: generous, because CI machines are shared and loaded. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  Browser() {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    System.setProperty("SE_OFFLINE", "true");
    try {
      profile = Files.createTempDirectory("evalhub-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start;
    // --disable-dev-shm-usage: small
    // /dev/shm in containers would crash the renderer.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Forgets every cookie (signs out), then loads {@code url} and returns once it has loaded. */
  void openFresh(String url) {
    driver.manage().deleteAllCookies();
    open(url);
  }

  /** Loads {@code url}; returns once it has loaded. */
  void open(String url) {
    driver.get(url);
  }

  /**
   * Clicks the element (a link or a form's button) and waits until the page it leads to has
   * replaced the current one: the current page's root element has gone stale and the new document
   * is complete. Clicking does not wait for a navigation by itself, so without this the next read
   * may see the old page. While the old document is torn down, chromedriver may answer with other
   * errors than "stale" ("Node with given id does not belong to the document", "Execution context
   * was destroyed"): these waits ask again until the deadline.
   */
  void clickToNewPage(By locator) {
    WebElement oldRoot = driver.findElement(By.tagName("html"));
    String oldUrl = driver.getCurrentUrl();
    until("clickable " + locator, ExpectedConditions.elementToBeClickable(locator)).click();
    duringNavigation("the page after clicking " + locator + " to replace " + oldUrl)
        .until(ExpectedConditions.stalenessOf(oldRoot));
    duringNavigation("the page after clicking " + locator + " to load")
        .until(
            d ->
                "complete"
                    .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  private WebDriverWait duringNavigation(String what) {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.withMessage("waiting for " + what).ignoring(WebDriverException.class);
    return wait;
  }

  /** Clicks an element that changes the current page only (a checkbox), once it can be clicked. */
  void click(By locator) {
    until("clickable " + locator, ExpectedConditions.elementToBeClickable(locator)).click();
  }

  /** Types {@code text} into the field, once it is there. */
  void type(By locator, String text) {
    until("visible " + locator, ExpectedConditions.visibilityOfElementLocated(locator))
        .sendKeys(text);
  }

  /** The element, once it is on the page. */
  WebElement find(By locator) {
    return until("presence of " + locator, ExpectedConditions.presenceOfElementLocated(locator));
  }

  /** The visible text of the element, once it is shown. */
  String text(By locator) {
    return until("visible " + locator, ExpectedConditions.visibilityOfElementLocated(locator))
        .getText();
  }

  /** The attribute (or property) of the element, once it is on the page. */
  String attribute(By locator, String name) {
    return find(locator).getAttribute(name);
  }

  /** The texts of every matching element of the loaded page (possibly none), in page order. */
  List<String> texts(By locator) {
    return until(
        "the texts of " + locator,
        d -> d.findElements(locator).stream().map(WebElement::getText).toList());
  }

  /** Waits until the page is at an address containing {@code part}, and returns that address. */
  String urlContaining(String part) {
    until("an address containing " + part, ExpectedConditions.urlContains(part));
    return driver.getCurrentUrl();
  }

  /**
   * Waits at most {@link #WAIT} until {@code condition} answers neither null nor false, and returns
   * its answer; an element that goes stale meanwhile is read again. Throws Selenium's {@code
   * TimeoutException} naming {@code what} otherwise.
   */
  <T> T until(String what, Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT)
        .withMessage("waiting for " + what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** Saves what the browser shows as {@code target/screenshots/NAME.png} and returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          file,
          StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A profile left in the temporary folder costs disk space only.
    }
  }
}
