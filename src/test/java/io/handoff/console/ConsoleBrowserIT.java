package io.handoff.console;

import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.handoff.testing.Api;
import io.handoff.testing.Chromium;
import io.handoff.testing.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) while the demo
 * workload runs: a lead follows the link in a real notice e-mail (GreenMail), signs in, assigns, comments, snoozes
 * and resolves the exception and sees each step in its history, opens the flow and sees its SLA bars; a reader
 * cannot act. Saves a screenshot of each page to {@code target/screenshots}; with
 * {@code -Dhandoff.screenshots.update=true} also to {@code docs/images}, where the README shows them.
 */
@QuarkusTest
@TestProfile(ConsoleBrowserIT.DemoWithNotices.class)
public class ConsoleBrowserIT {
    static final int HTTP_PORT = Ports.free();
    static final int SMTP_PORT = Ports.free();
    private static final Pattern CONSOLE_LINK = Pattern.compile("Act on it in the console: (\\S+)");

    private static GreenMail smtp;
    private static WebDriver browser;

    public static class DemoWithNotices implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "handoff.demo.enabled", "true",
                    "quarkus.http.test-port", String.valueOf(HTTP_PORT),
                    "handoff.notify.enabled", "true",
                    "handoff.notify.from", "handoff@firm.test",
                    "handoff.notify.recipients.leads.to", "lead@firm.test",
                    // The test's own exception only: the demo's come and go (an invoice run resolves them).
                    "handoff.notify.recipients.leads.groups", "integration",
                    "handoff.notify.links.console", "http://localhost:" + HTTP_PORT + "/console",
                    "quarkus.mailer.mock", "false",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(SMTP_PORT));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private static void shot(String name) throws IOException {
        shot(name, true);
    }

    private static void shot(String name, boolean console) throws IOException {
        Chromium.screenshot(browser, (console ? "console-" : "") + name);
    }

    /** The text/html part of a (multipart) message. */
    private static String htmlPart(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = htmlPart(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    private static void signIn(String key) {
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("key")));
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector(".signin button[type=submit]")).click();
    }

    private static void submit(String buttonId) {
        browser.findElement(By.id(buttonId)).click();
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.done")));
    }

    private static String history() {
        return browser.findElement(By.cssSelector("ol.history")).getText();
    }

    @Test
    void aLeadActsOnAnExceptionFromTheLinkInItsNoticeAndAReaderCannot() throws Exception {
        // A middleware message ten minutes late breaches its 2-minute SLA; a real notice arrives, linking into the
        // console.
        Api.postLateMessage("msg-browser-1", "integration", "Northwind Consulting");
        assertThat(smtp.waitForIncomingEmail(30_000, 1))
                .as("a notice within 30 s")
                .isTrue();
        MimeMessage notice = smtp.getReceivedMessages()[0];
        Matcher link = CONSOLE_LINK.matcher(
                GreenMailUtil.getBody(notice).replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).as("the notice links to the console").isTrue();
        // The e-mail as a mail client shows it (its HTML part), for the docs.
        Path mail = Path.of("target", "screenshots", "notice-email.html");
        Files.createDirectories(mail.getParent());
        Files.writeString(mail, htmlPart(notice));
        browser.get(mail.toUri().toString());
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Northwind Consulting");
        shot("notice-email", false);
        browser.get(link.group(1));

        // Not signed in: the sign-in page, then straight back to the exception.
        assertThat(browser.getCurrentUrl()).contains("/console/signin");
        shot("signin");
        signIn(OPERATOR_KEY);
        waiting(10).until(ExpectedConditions.urlContains("/console/exception"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
        assertThat(history()).contains("opened by handoff", "notified by handoff");
        shot("exception");

        browser.findElement(By.id("assignee")).clear();
        browser.findElement(By.id("assignee")).sendKeys("Maria Keller");
        submit("assign");
        assertThat(browser.findElement(By.cssSelector("dd.assignee")).getText()).isEqualTo("Maria Keller");

        browser.findElement(By.id("comment")).sendKeys("Checked with the client; invoice run is tonight.");
        submit("add-comment");
        WebElement until = browser.findElement(By.id("until"));
        ((JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = arguments[1]",
                        until,
                        LocalDate.now().plusDays(3).toString());
        submit("snooze");
        assertThat(history()).contains("assigned by ops", "commented by ops", "snoozed by ops");
        String exceptionUrl = browser.getCurrentUrl();

        // The flow it touches: its events and SLA clocks drawn on one axis.
        browser.findElement(By.cssSelector("ul.flows a")).click();
        waiting(10).until(ExpectedConditions.urlContains("/console/flow"));
        assertThat(browser.findElements(By.cssSelector("svg rect.clock"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("svg circle.event"))).isNotEmpty();
        shot("flow");

        browser.get(exceptionUrl);
        browser.findElement(By.id("reason")).sendKeys("Delivered by hand after the ESB restart.");
        submit("resolve");
        assertThat(browser.findElement(By.cssSelector("dd.status")).getText()).startsWith("resolved");
        assertThat(history()).contains("resolved by ops: Delivered by hand after the ESB restart.");
        shot("exception-resolved");

        // The inbox, ranked; and the SLA page with its chart drawn by uPlot from the console's JSON.
        browser.get("http://localhost:" + HTTP_PORT + "/console");
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("ol.rows li")));
        if (Boolean.getBoolean("handoff.screenshots.update")) {
            // Pictures for the docs: let the demo fill the inbox first.
            new WebDriverWait(browser, Duration.ofSeconds(180), Duration.ofSeconds(5)).until(b -> {
                b.navigate().refresh();
                return b.findElements(By.cssSelector("ol.rows li")).size() >= 6;
            });
        }
        shot("inbox");
        browser.get("http://localhost:" + HTTP_PORT + "/console/slas");
        waiting(15).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.chart.drawn canvas")));
        shot("slas");
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("http://localhost:" + HTTP_PORT + "/console");
        shot("inbox-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // Signed out, then in as a reader: the same exception reads, but offers nothing to do.
        browser.findElement(By.cssSelector("form.signout button")).click();
        waiting(10).until(ExpectedConditions.urlContains("/console/signin"));
        browser.get(exceptionUrl);
        signIn(READER_KEY);
        waiting(10).until(ExpectedConditions.urlContains("/console/exception"));
        assertThat(browser.findElements(By.cssSelector("form input[name=action]")))
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("p.note")).getText()).contains("can read, not act");
        assertThat(browser.manage().getCookieNamed(ConsoleGate.SESSION_COOKIE).isHttpOnly())
                .isTrue();
        assertThat(browser.manage().getCookieNamed(ConsoleGate.SESSION_COOKIE).getSameSite())
                .isEqualTo("Strict");
    }
}
