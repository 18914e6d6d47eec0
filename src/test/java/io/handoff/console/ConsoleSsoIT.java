package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.testing.Api;
import io.handoff.testing.Chromium;
import io.handoff.testing.KeycloakServer;
import io.handoff.testing.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Single sign-on end to end: a real Keycloak (realm from src/test/resources/keycloak), the console's OpenID Connect
 * code flow through quarkus-oidc, a real headless Chromium, real notice e-mails (GreenMail). An integration lead
 * follows the link in her notice, signs in at Keycloak, assigns, comments, snoozes and resolves the exception, sees the
 * flow's SLA bars and her actions in its history, and reads but cannot act on another practice's; a reader reads; an
 * account without a Handoff role is refused.
 */
@QuarkusTest
@WithTestResource(ConsoleSsoIT.Keycloak.class)
class ConsoleSsoIT {
    static final int HTTP_PORT = Ports.free();
    static final int SMTP_PORT = Ports.free();
    private static final java.util.regex.Pattern EXCEPTION_LINK =
            java.util.regex.Pattern.compile("http://\\S+/console/exception\\?id=\\S+");
    private static com.icegreen.greenmail.util.GreenMail smtp;

    private static WebDriver browser;

    public static class Keycloak implements QuarkusTestResourceLifecycleManager {
        private KeycloakServer server;

        @Override
        public Map<String, String> start() {
            // The mail server lives as long as the service: a class after this one may run on the same service.
            smtp = new com.icegreen.greenmail.util.GreenMail(
                    new com.icegreen.greenmail.util.ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
            smtp.start();
            server = KeycloakServer.start();
            return Map.ofEntries(
                    Map.entry("handoff.notify.enabled", "true"),
                    Map.entry("handoff.notify.from", "handoff@firm.test"),
                    Map.entry("handoff.notify.recipients.integration-leads.to", "lena@firm.test"),
                    Map.entry("handoff.notify.recipients.integration-leads.groups", "integration"),
                    Map.entry("handoff.notify.recipients.integration-leads.digest-at", "off"),
                    Map.entry("handoff.notify.links.console", "http://localhost:" + HTTP_PORT + "/console"),
                    Map.entry("quarkus.mailer.mock", "false"),
                    Map.entry("quarkus.mailer.host", "127.0.0.1"),
                    Map.entry("quarkus.mailer.port", String.valueOf(SMTP_PORT)),
                    Map.entry("quarkus.http.test-port", String.valueOf(HTTP_PORT)),
                    Map.entry("handoff.console.sso.enabled", "true"),
                    Map.entry("handoff.console.sso.practices-claim", "practices"),
                    Map.entry("quarkus.oidc.auth-server-url", server.issuer()),
                    Map.entry("quarkus.oidc.client-id", KeycloakServer.CLIENT),
                    Map.entry("quarkus.oidc.credentials.secret", KeycloakServer.SECRET));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
            if (smtp != null) {
                smtp.stop();
            }
        }
    }

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String lateMessage(String flow, String practice) {
        return pageOf(Api.awaitException(Api.postLateMessage(flow, practice, "SSO Client")));
    }

    private static String pageOf(String exceptionId) {
        return "http://localhost:" + HTTP_PORT + "/console/exception?id="
                + URLEncoder.encode(exceptionId, StandardCharsets.UTF_8);
    }

    /** The console link of {@code exceptionId} in a notice e-mail GreenMail received (alone or grouped with others). */
    private static String linkInNotice(String exceptionId) {
        String wanted = pageOf(exceptionId);
        java.util.List<String> seen = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var mail : smtp.getReceivedMessages()) {
                var links = EXCEPTION_LINK.matcher(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)
                        .replace("=\r\n", "")
                        .replace("=3D", "="));
                while (links.find()) {
                    seen.add(links.group());
                }
            }
            return seen.contains(wanted);
        });
        return wanted;
    }

    private static void submit(String buttonId) {
        browser.findElement(By.id(buttonId)).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.done")));
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** From a console page that needs signing in, through Keycloak's login form, back to that page. */
    private static void signInAtKeycloak(String page, String user, String password) {
        // Signed out everywhere: every cookie of the browser, whatever its host and path (Keycloak's live under the
        // realm's path, the console's under /console; WebDriver's own delete sees only the current page's).
        ((org.openqa.selenium.chrome.ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.get(page);
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("sso"))).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).contains("/realms/handoff/protocol/openid-connect/auth");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    @Test
    void aLeadFollowsHerNoticeSignsInAtKeycloakAndActsOnHerPracticeOnly() throws IOException {
        String ownId = Api.awaitException(Api.postLateMessage("sso-flow-integration", "integration", "SSO Client"));
        String other = lateMessage("sso-flow-finance", "finance");

        // The link in the real notice e-mail, through Keycloak's login form, back to the exception.
        signInAtKeycloak(linkInNotice(ownId), "lena", "lena-password");
        waiting().until(ExpectedConditions.urlContains("/console/exception"));
        assertThat(browser.findElement(By.cssSelector(".me")).getText()).contains("lena", "operator");
        Chromium.screenshot(browser, "console-sso-exception");
        browser.findElement(By.id("assignee")).sendKeys("Lena");
        submit("assign");
        browser.findElement(By.id("comment")).sendKeys("The ESB queue was paused; resumed it.");
        submit("add-comment");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript(
                        "arguments[0].value = arguments[1]",
                        browser.findElement(By.id("until")),
                        java.time.LocalDate.now().plusDays(2).toString());
        submit("snooze");
        String exceptionUrl = browser.getCurrentUrl();

        browser.findElement(By.cssSelector("ul.flows a")).click();
        waiting().until(ExpectedConditions.urlContains("/console/flow"));
        assertThat(browser.findElements(By.cssSelector("svg rect.clock")))
                .as("its SLA bars")
                .isNotEmpty();

        browser.get(exceptionUrl);
        browser.findElement(By.id("reason")).sendKeys("Delivered after the queue resumed.");
        submit("resolve");
        assertThat(browser.findElement(By.cssSelector("ol.history")).getText())
                .contains(
                        "notified by handoff",
                        "assigned by lena",
                        "commented by lena",
                        "snoozed by lena",
                        "resolved by lena: Delivered after the queue resumed.");

        browser.get(other);
        assertThat(browser.findElements(By.cssSelector("form input[name=action]")))
                .isEmpty();
        assertThat(browser.findElement(By.cssSelector("p.note")).getText())
                .contains("You act on the exceptions of integration", "belongs to finance");

        // The console's session is its own: the browser holds no token, only the HttpOnly session cookie.
        assertThat(browser.manage().getCookieNamed(ConsoleGate.SESSION_COOKIE).isHttpOnly())
                .isTrue();
    }

    @Test
    void aReaderReadsAndAnAccountWithoutAHandoffRoleIsRefused() {
        String page = lateMessage("sso-flow-reader", "integration");

        signInAtKeycloak(page, "sam", "sam-password");
        waiting().until(ExpectedConditions.urlContains("/console/exception"));
        assertThat(browser.findElement(By.cssSelector(".me")).getText()).contains("sam", "reader");
        assertThat(browser.findElements(By.cssSelector("form input[name=action]")))
                .isEmpty();

        signInAtKeycloak(page, "nora", "nora-password");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p[role=alert]")));
        assertThat(browser.findElement(By.cssSelector("p[role=alert]")).getText())
                .contains("no Handoff role");
        browser.get("http://localhost:" + HTTP_PORT + "/console");
        assertThat(browser.getCurrentUrl()).contains("/console/signin");
    }
}
