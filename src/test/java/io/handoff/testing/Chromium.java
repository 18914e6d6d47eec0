package io.handoff.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which the test command installs), driven by
 * Selenium through the chromedriver on the path: no driver download, no Selenium Manager.
 */
public final class Chromium {
    private static final Path SHOTS = Path.of("target/screenshots");

    private Chromium() {}

    public static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver")))
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    /** Missing is a failure, never a skip. */
    private static String executable(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException(
                name + " is not installed: scripts/test.sh installs chromium and chromium-driver");
    }

    /**
     * Saves what the browser shows to {@code target/screenshots/<name>.png}; with {@code -Dhandoff.screenshots.update=true}
     * also to {@code docs/images/<name>.png}, where the README and the docs show it.
     */
    public static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path file = SHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        if (Boolean.getBoolean("handoff.screenshots.update")) {
            Path docs = Path.of("docs/images");
            Files.createDirectories(docs);
            Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
