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
 * code flow through quarkus-oidc, a real headless Chromium. An integration lead signs in at Keycloak and acts on the
 * exceptions of her practice, reads those of another; a reader reads; an account without a Handoff role is refused.
 */
@QuarkusTest
@WithTestResource(ConsoleSsoIT.Keycloak.class)
class ConsoleSsoIT {
    static final int HTTP_PORT = Ports.free();

    private static WebDriver browser;

    public static class Keycloak implements QuarkusTestResourceLifecycleManager {
        private KeycloakServer server;

        @Override
        public Map<String, String> start() {
            server = KeycloakServer.start();
            return Map.of(
                    "quarkus.http.test-port",
                    String.valueOf(HTTP_PORT),
                    "handoff.console.sso.enabled",
                    "true",
                    "handoff.console.sso.practices-claim",
                    "practices",
                    "quarkus.oidc.auth-server-url",
                    server.issuer(),
                    "quarkus.oidc.client-id",
                    KeycloakServer.CLIENT,
                    "quarkus.oidc.credentials.secret",
                    KeycloakServer.SECRET);
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
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
        String id = Api.awaitException(Api.postLateMessage(flow, practice, "SSO Client"));
        return "http://localhost:" + HTTP_PORT + "/console/exception?id="
                + URLEncoder.encode(id, StandardCharsets.UTF_8);
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
    void aLeadSignsInAtKeycloakAndActsOnHerPracticeOnly() throws IOException {
        String own = lateMessage("sso-flow-integration", "integration");
        String other = lateMessage("sso-flow-finance", "finance");

        signInAtKeycloak(own, "lena", "lena-password");
        waiting().until(ExpectedConditions.urlContains("/console/exception"));
        assertThat(browser.findElement(By.cssSelector(".me")).getText()).contains("lena", "operator");
        Chromium.screenshot(browser, "sso-exception");
        browser.findElement(By.id("assignee")).sendKeys("Lena");
        browser.findElement(By.id("assign")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.done")));
        assertThat(browser.findElement(By.cssSelector("ol.history")).getText()).contains("assigned by lena");

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
