package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.infra.Ports;
import io.accessledger.testissuer.TestIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OIDC sign-in in a real browser (Debian's Chromium, headless, through chromedriver): the console on
 * {@code 127.0.0.1} and the issuer on {@code localhost} are two sites, so the issuer's redirect back is a cross-site
 * navigation and only a cookie the browser sends on one (SameSite=Lax) carries the sign-in attempt to the callback.
 * The person clicks the page's sign-in link, signs in on the issuer's own login page, lands back on the console signed
 * in, and the page's calls reach the service with the issuer's access token; signing out goes through the issuer's
 * end-session page and back to the sign-in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleOidcBrowserTest {
    static final int PORT = ConsoleOidcSignInTest.freePort();
    static final String CONSOLE = "http://127.0.0.1:" + PORT;
    static final TestIssuer ISSUER = TestIssuer.start(CONSOLE + OidcProperties.CALLBACK_PATH, CONSOLE + "/");
    static final StubService REQUESTS = new StubService(uri -> uri.startsWith("/api/v1/access-requests/prefill")
            ? new StubService.Answer(200, "application/json", "{\"employee\":{\"jobTitle\":\"Engineer\"}}")
            : new StubService.Answer(200, "application/json", "[]"));
    static ChromeDriver browser;

    @DynamicPropertySource
    static void console(DynamicPropertyRegistry registry) {
        registry.add("accessledger.console.services.request", REQUESTS::baseUrl);
        ConsoleOidcSignInTest.signingInAt(ISSUER, PORT, registry);
    }

    @BeforeAll
    static void chromium() {
        Path chromium = Path.of(System.getProperty("accessledger.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("accessledger.chromedriver", "/usr/bin/chromedriver"));
        assertThat(Files.isExecutable(chromium) && Files.isExecutable(driver)).as("this test needs Debian's "
                + "Chromium and its driver (apt-get install -y chromium chromium-driver), or -Daccessledger.chromium= "
                + "and -Daccessledger.chromedriver=").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1100,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingPort(Ports.stable()).build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        REQUESTS.close();
        ISSUER.close();
    }

    @Test
    void aPersonSignsInAtTheIssuerComesBackSignedInAndSignsOutThroughTheIssuer() {
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(CONSOLE + "/");
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-sign-in")));
        assertThat(browser.findElement(By.id("sign-in-form")).isDisplayed()).as("no demo sign-in here").isFalse();

        browser.findElement(By.id("oidc-sign-in")).click();
        waiting.until(ExpectedConditions.urlContains(ISSUER.issuer + "/login"));
        browser.findElement(By.name("username")).sendKeys("chiara");
        browser.findElement(By.name("password")).sendKeys(TestIssuer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        waiting.until(ExpectedConditions.textToBe(By.id("who"), "Signed in as E1001"));
        assertThat(browser.getCurrentUrl()).startsWith(CONSOLE + "/");
        assertThat(browser.findElement(By.id("page-requester")).isDisplayed()).isTrue();
        waiting.until(b -> !REQUESTS.seen.isEmpty());
        String bearer = REQUESTS.seen.get(0).authorization();
        assertThat(bearer).startsWith("Bearer ");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(bearer.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains("\"iss\":\"" + ISSUER.issuer + "\"", "\"sub\":\"E1001\"");
        assertThat(browser.manage().getCookieNamed(Session.COOKIE)).isNotNull();

        browser.findElement(By.id("sign-out")).click();
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-sign-in")));
        assertThat(browser.getCurrentUrl()).startsWith(CONSOLE + "/");
        assertThat(browser.findElement(By.id("who")).getText()).isEmpty();
        assertThat(browser.manage().getCookieNamed(Session.COOKIE)).isNull();
    }
}
