package io.accessledger.deploy;

import static io.accessledger.deploy.RequestJourney.ENGINEER;
import static io.accessledger.deploy.RequestJourney.ENGINEER_ID;
import static io.accessledger.deploy.RequestJourney.IAM;
import static io.accessledger.deploy.RequestJourney.IAM_ID;
import static io.accessledger.deploy.RequestJourney.MANAGER;
import static io.accessledger.deploy.RequestJourney.MANAGER_ID;
import static io.accessledger.deploy.RequestJourney.PATIENCE;
import static io.accessledger.deploy.RequestJourney.POLL;
import static io.accessledger.deploy.Suite.Service.APPROVAL;
import static io.accessledger.deploy.Suite.Service.POLICY;
import static io.accessledger.deploy.Suite.Service.PROVISIONING;
import static io.accessledger.deploy.Suite.Service.REQUEST;
import static io.accessledger.deploy.Suite.Service.REVIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.infra.Ports;
import io.accessledger.review.campaigns.CampaignOpener;
import io.accessledger.web.EdgeSecurity;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
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
 * The web app in a real browser: Debian's Chromium, headless, driven by Selenium, against the console run from its
 * packaged jar (as {@code deploy/run-local.sh} runs it) in front of the five services, the broker, PostgreSQL and
 * SCIM. A requester asks, the manager decides in the inbox, IAM marks the manual target's fulfilment done on the
 * Provisioning page, the requester sees the outcome; a manager revokes a campaign's review item on its evidence and
 * IAM takes the access away on the same page; IAM retries a grant the SCIM target refused; an auditor asks who holds a resource and opens a grant's evidence; an admin
 * publishes a policy version, reads its diff against the one before and runs a what-if of it over history — the
 * pages themselves wait for the read models (the services answer before their views show the change). Each persona's
 * page is saved as a PNG in {@code target/screenshots/} ({@code -Daccessledger.screenshots=<dir>}).
 *
 * <p>The browser is required, not optional: without Chromium and chromedriver this test fails, saying what to
 * install ({@code .ci/run} installs them).
 */
class WebAppBrowserSystemTest extends SystemTest {
    private static final Path CONSOLE_JAR = Path.of(System.getProperty("accessledger.console.jar",
            "console/target/console-0.1.0-SNAPSHOT-exec.jar"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("accessledger.screenshots",
            "target/screenshots"));

    static Process console;
    static String consoleUrl;
    static ChromeDriver browser;
    private static final String COMPLIANCE = Api.token("E1045", "COMPLIANCE");
    /** The internal auditor of the demo directory. */
    private static final String AUDITOR_ID = "E1047";

    @BeforeAll
    static void start() {
        Path chromium = executable("accessledger.chromium", "chromium", "chromium-browser");
        Path chromedriver = executable("accessledger.chromedriver", "chromedriver");
        assertThat(Files.isRegularFile(CONSOLE_JAR)).as("The console's jar %s is built by "
                + "./mvnw -pl deploy -am verify (spring-boot repackage of deploy/console)", CONSOLE_JAR).isTrue();
        startSuite(null);
        // Ready for a request once intake knows the engineer and a policy (prefill needs both).
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> Api.post(suite.url(REQUEST)
                + "/api/v1/access-requests/prefill", ENGINEER, Map.of()).status() == 200);
        console = startConsole();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1100,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingPort(Ports.stable()).build(), options);
    }

    /**
     * The executable a system property names, else the first found on the PATH or in {@code /usr/bin}; fails the
     * test, naming the Debian packages, when there is none.
     */
    private static Path executable(String property, String... names) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty(property)).map(Path::of).ifPresent(candidates::add);
        for (String name : candidates.isEmpty() ? names : new String[0]) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, name));
                }
            }
            candidates.add(Path.of("/usr/bin", name));
        }
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        assertThat(found).as("WebAppBrowserSystemTest needs %s: found neither where -D%s says nor on the PATH or in "
                + "/usr/bin. "
                + "Install Debian's Chromium and its driver: apt-get install -y chromium chromium-driver "
                + "(.ci/run does it when it runs as root or with sudo).", names[0], property).isPresent();
        return found.orElseThrow();
    }

    /**
     * The console as packaged, in its own JVM, pointed at the suite's five services; its log goes to target/. It binds
     * port 0 and writes the port it got to a file (as the services do), so no port is picked here that another
     * program could take before the console binds it.
     */
    private static Process startConsole() {
        Path portFile = Path.of("target", "console-" + ProcessHandle.current().pid() + ".port").toAbsolutePath();
        try {
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar",
                CONSOLE_JAR.toString(),
                "--server.port=0",
                "--accessledger.server.port-file=" + portFile,
                "--spring.profiles.active=local",
                "--accessledger.console.dev-jwt-secret=" + EdgeSecurity.DOCUMENTED_DEV_SECRET,
                "--accessledger.console.directory-file=" + Path.of("demo/directory.json").toAbsolutePath()));
        Map.of("request", REQUEST, "policy", POLICY, "approval", APPROVAL, "provisioning", PROVISIONING,
                "review", REVIEW).forEach((name, service) ->
                command.add("--accessledger.console.services." + name + "=" + suite.url(service)));
        Path log = Path.of("target", "console.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            // Not left behind should this JVM end before @AfterAll (a surefire timeout, Ctrl-C).
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            int port = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(process.isAlive()).as("the console stopped; see %s", log.toAbsolutePath()).isTrue();
                return PortFiles.read(portFile);
            }, bound -> bound > 0);
            consoleUrl = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(process.isAlive()).as("the console stopped; see %s", log.toAbsolutePath()).isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/console/people")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYetListening) {
                    return false;
                }
            });
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.destroy();
            if (!console.waitFor(20, TimeUnit.SECONDS)) {
                console.destroyForcibly();
            }
        }
    }

    private static WebDriverWait waiting() {
        // A row read while the page re-renders its table is stale: look again.
        return (WebDriverWait) new WebDriverWait(browser, PATIENCE, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class);
    }

    /** Signs in on the sign-in page by picking the person and ticking the roles to act with, as the local run offers. */
    private static void signIn(String employeeId, String... roles) {
        browser.get(consoleUrl + "/");
        browser.manage().deleteAllCookies();
        browser.executeScript("sessionStorage.clear()");
        browser.get(consoleUrl + "/");
        waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#person option[value='" + employeeId + "']")));
        new Select(labelled(browser, "select", "Person")).selectByValue(employeeId);
        for (String role : roles) {
            browser.findElement(By.cssSelector("input[name=roles][value='" + role + "']")).click();
        }
        button(browser, "Sign in").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("page-requester")));
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in as " + employeeId);
    }

    /** The element of that tag whose accessible name (its label, or a button's text) is {@code name}. */
    private static WebElement labelled(SearchContext within, String tag, String name) {
        List<WebElement> matching = within.findElements(By.tagName(tag)).stream()
                .filter(e -> name.equals(e.getAccessibleName())).toList();
        assertThat(matching).as("one <%s> named \"%s\"", tag, name).hasSize(1);
        return matching.get(0);
    }

    private static WebElement button(SearchContext within, String name) {
        return labelled(within, "button", name);
    }

    private static By myRequestRow(String requestId) {
        return By.cssSelector("#my-requests tbody tr[data-request-id='" + requestId + "']");
    }

    private static By inboxRow(String requestId) {
        return By.cssSelector("#inbox tbody tr[data-request-id='" + requestId + "']");
    }

    /**
     * Fills the request form and submits it; the page itself waits ("Updating…") until the request shows in "My
     * requests" and opens its timeline. Returns the new request's id.
     */
    private static String requestAccess(String resource, String level, String justification) {
        labelled(browser, "input", "Resource").sendKeys(resource);
        labelled(browser, "input", "Level").sendKeys(level);
        labelled(browser, "textarea", "Justification").sendKeys(justification);
        button(browser, "Submit request").click();
        waiting().until(ExpectedConditions.textToBe(By.id("request-progress"), "Submitted."));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail h3"),
                resource + " / " + level));
        // Each scenario asks for its own entitlement, so its row is the one naming it.
        List<String> shown = browser.findElements(By.cssSelector("#my-requests tbody tr")).stream()
                .filter(row -> row.getText().contains(resource + " / " + level))
                .map(row -> row.getDomAttribute("data-request-id")).toList();
        assertThat(shown).hasSize(1);
        return shown.get(0);
    }

    /** Whether the table has finished loading (the page marks it {@code aria-busy} while it loads). */
    private static boolean loaded(WebDriver driver, String tableId) {
        return "false".equals(driver.findElement(By.id(tableId)).getDomAttribute("aria-busy"));
    }

    /** The manager opens the inbox and refreshes it until the request's task is there (it is opened by an event). */
    private static WebElement taskInInbox(String requestId) {
        button(browser.findElement(By.id("nav")), "Approval inbox").click();
        return waiting().until(driver -> {
            if (!loaded(driver, "inbox")) {
                return null;
            }
            List<WebElement> rows = driver.findElements(inboxRow(requestId));
            if (rows.isEmpty()) {
                button(driver, "Refresh").click();
                return null;
            }
            return rows.get(0);
        });
    }

    /** Decides on the task in the inbox; the page itself waits until the task has left the inbox. */
    private static void decide(WebElement task, String requestId, String decision, String reason, String shown) {
        labelled(task, "input", "Reason").sendKeys(reason);
        button(task, decision).click();
        waiting().until(ExpectedConditions.textToBe(By.id("inbox-progress"), shown));
        assertThat(browser.findElements(inboxRow(requestId))).isEmpty();
    }

    /** The requester opens "My requests" again (as a person would come back later) until the status shows. */
    private static void seesStatus(String requestId, String status) {
        By cell = By.cssSelector("#my-requests tbody tr[data-request-id='" + requestId + "'] .status");
        button(browser.findElement(By.id("nav")), "My requests").click();
        waiting().until(driver -> {
            if (!loaded(driver, "my-requests")) {
                return false;
            }
            if (driver.findElements(cell).stream().anyMatch(c -> c.getText().equals(status))) {
                return true;
            }
            button(driver.findElement(By.id("nav")), "My requests").click();
            return false;
        });
        button(browser.findElement(myRequestRow(requestId)), requestId).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail h3"), status));
    }

    /** The row, once the list shows it: the button that reads the list again is pressed until then. */
    private static WebElement rowOnceShown(By row, String readAgain) {
        return waiting().until(driver -> {
            List<WebElement> rows = driver.findElements(row);
            if (rows.isEmpty()) {
                button(driver, readAgain).click();
                return null;
            }
            return rows.get(0);
        });
    }

    /**
     * IAM opens the Provisioning page, refreshes the fulfilment queue until the task is there, gives the reference of
     * the change on the target and marks it done; the page says so and the task leaves the queue.
     */
    private static void iamMarksDone(String taskId, String reference, String action, String access,
            String screenshotName) {
        signIn(IAM_ID, "IAM");
        button(browser.findElement(By.id("nav")), "Provisioning").click();
        By row = By.cssSelector("#fulfilment tbody tr[data-task-id='" + taskId + "']");
        WebElement task = rowOnceShown(row, "Refresh the queue");
        assertThat(task.getText()).contains(action, access);
        labelled(task, "input", "Reference on the target (optional)").sendKeys(reference);
        if (screenshotName != null) {
            try {
                screenshot(screenshotName);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        button(task, "Mark done").click();
        waiting().until(ExpectedConditions.textToBe(By.id("iam-status"), "Task " + taskId + " recorded as done."));
        waiting().until(driver -> driver.findElements(row).isEmpty());
    }

    /**
     * IAM opens the Provisioning page, shows the failed grants until the grant is there with the target's answer,
     * says why and retries it; the page says so and the grant leaves the failed ones.
     */
    private static void iamRetries(String grantId, String answer, String reason) {
        signIn(IAM_ID, "IAM");
        button(browser.findElement(By.id("nav")), "Provisioning").click();
        new Select(labelled(browser, "select", "Show grants")).selectByValue("FAILED");
        By row = By.cssSelector("#grants tbody tr[data-grant-id='" + grantId + "']");
        WebElement grant = rowOnceShown(row, "Show grants");
        assertThat(grant.findElement(By.cssSelector("pre.answer")).getText()).contains(answer);
        labelled(grant, "input", "Why retry (optional)").sendKeys(reason);
        button(grant, "Retry").click();
        waiting().until(ExpectedConditions.textToBe(By.id("iam-status"), "Grant " + grantId + " sent back to its target."));
        waiting().until(driver -> driver.findElements(row).isEmpty());
    }

    private static void screenshot(String name) throws IOException {
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> timeline() {
        return browser.findElements(By.cssSelector("#detail ol li")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aRequesterAsksTheManagerApprovesInTheInboxAndTheRequesterSeesItProvisioned() throws IOException {
        signIn(ENGINEER_ID);
        String requestId = requestAccess("github", "write", "Joining the payments team; need to push to the ledger.");
        assertThat(timeline()).anyMatch(entry -> entry.contains("RequestSubmitted by " + ENGINEER_ID));
        screenshot("requester");

        signIn(MANAGER_ID);
        WebElement task = taskInInbox(requestId);
        assertThat(task.getText()).contains("MANAGER", ENGINEER_ID, "github:write");
        screenshot("approver");
        decide(task, requestId, "Approve", "Fits the role", "Approved.");

        // The target is manual: IAM adds the engineer by hand and marks the fulfilment task done on its page.
        iamMarksDone(journey.fulfilmentTaskFor(requestId).path("taskId").asText(), "CHG-WEB-1", "GRANT",
                "github:write", "iam");

        signIn(ENGINEER_ID);
        seesStatus(requestId, "PROVISIONED");
        assertThat(timeline()).anyMatch(entry -> entry.contains("ManagerApproved by " + MANAGER_ID
                + " — Fits the role")).anyMatch(entry -> entry.contains("AccessProvisioned"));
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("my-requests")));
        screenshot("requester-provisioned");
    }

    @Test
    void iamRetriesAGrantTheTargetRefusedAndTheRequesterSeesItProvisioned() {
        publishPolicyOnScimTargets();
        try {
            // confluence:edit is in the engineer's profile and LOW: approved by the policy, provisioned on SCIM, whose
            // first answer is a refusal (403: permanent, so the grant fails at once).
            suite.scim.failNext(1, 403, null);
            signIn(ENGINEER_ID);
            String requestId = requestAccess("confluence", "edit", "Writing the payments runbooks with the team.");
            String grantId = io.accessledger.events.ids.Ids.grantFor(
                    io.accessledger.events.ids.RequestId.of(requestId)).value();

            iamRetries(grantId, "403", "The target's admin granted our client the right scope");

            signIn(ENGINEER_ID);
            seesStatus(requestId, "PROVISIONED");
            assertThat(timeline()).anyMatch(entry -> entry.contains("ProvisioningFailed"))
                    .anyMatch(entry -> entry.contains("AccessProvisioned"));
            assertThat(suite.scim.members("Confluence Editors")).hasSize(1);
        } finally {
            republishDemoPolicy();
        }
    }

    @Test
    void aRequesterWithdrawsWithAReasonAndThePageShowsWithdrawnOnceTheViewHasIt() {
        signIn(ENGINEER_ID);
        String requestId = requestAccess("aws-dev", "deploy", "Deploying the ledger service to the staging account.");

        button(browser.findElement(myRequestRow(requestId)), "Withdraw").click();
        Alert prompt = waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(prompt.getText()).isEqualTo("Why withdraw this request?");
        prompt.sendKeys("Staging is frozen until January");
        prompt.accept();

        waiting().until(ExpectedConditions.textToBe(By.id("request-progress"), "Withdrawn."));
        WebElement row = browser.findElement(myRequestRow(requestId));
        assertThat(row.findElement(By.className("status")).getText()).isEqualTo("WITHDRAWN");
        assertThat(row.findElements(By.tagName("button"))).extracting(WebElement::getText).containsExactly(requestId);
    }

    @Test
    void aManagerDeniesWithAReasonAndTheRequesterSeesDeniedAndTheReason() {
        signIn(ENGINEER_ID);
        String requestId = requestAccess("aws-dev", "read", "Reading the staging logs for the payments incident.");

        signIn(MANAGER_ID);
        decide(taskInInbox(requestId), requestId, "Deny", "Use the read-only mirror instead", "Denied.");

        signIn(ENGINEER_ID);
        seesStatus(requestId, "DENIED");
        assertThat(browser.findElement(myRequestRow(requestId)).getText()).doesNotContain("Withdraw");
        assertThat(timeline()).anyMatch(entry -> entry.contains("Use the read-only mirror instead"));
    }

    /**
     * A campaign over the resource, MANAGER reviewers, long enough that nothing falls due during the test (silence
     * keeps and flags, should it): the manager's item of the grant, once the opener has opened it.
     */
    private static JsonNode campaignItemOf(String resourceId, String requestId) {
        Api.Response started = Api.post(suite.url(REVIEW) + "/api/v1/reviews/campaigns", COMPLIANCE, Map.of(
                "name", "Browser review of " + resourceId, "scope", Map.of("resourceIds", List.of(resourceId)),
                "reviewerKind", "MANAGER", "duration", "P14D", "remindBefore", List.of("P7D"),
                "nonResponse", "KEEP_FLAGGED"));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        String campaign = started.body().path("campaignId").asText();
        CampaignOpener opener = suite.bean(REVIEW, CampaignOpener.class);
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            opener.open();
            for (JsonNode item : Api.get(suite.url(REVIEW) + "/api/v1/reviews/items?campaignId=" + campaign,
                    MANAGER).body().path("items")) {
                if (requestId.equals(item.path("requestId").asText())) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
    }

    private static By reviewRow(String itemId) {
        return By.cssSelector("#reviews tbody tr[data-item-id='" + itemId + "']");
    }

    @Test
    void aManagerRevokesACampaignItemOnItsEvidenceAndTheRequestEndsRevoked() throws IOException {
        RequestJourney.Person engineer = journey.colleagueLike(ENGINEER_ID);
        String requestId = journey.walkToProvisioned(engineer, Runnable::run).path("requestId").asText();
        JsonNode item = campaignItemOf("github", requestId);
        String itemId = item.path("itemId").asText();
        String campaign = item.path("campaignId").asText();

        signIn(MANAGER_ID);
        button(browser.findElement(By.id("nav")), "Access reviews").click();
        labelled(browser, "input", "Campaign (optional)").sendKeys(campaign);
        button(browser, "Show items").click();
        String access = engineer.id() + " holds github:write";
        // The list renders on opening the page and again for the filter: a row read in between is stale, look again.
        waiting().until(driver -> {
            List<WebElement> rows = driver.findElements(reviewRow(itemId));
            if (rows.isEmpty()) {
                return false;
            }
            assertThat(rows.get(0).getText()).contains(access, campaign, "Open");
            button(rows.get(0), "Evidence: " + access).click();
            return true;
        });
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("review-item-title"), itemId));
        assertThat(browser.findElement(By.id("review-evidence")).getText())
                .contains("Joining the payments team", MANAGER_ID, "Last certified");

        browser.findElement(By.id("decision-revoke")).click();
        browser.findElement(By.id("review-reason")).sendKeys("Left the payments team; no pushes any more");
        // The page as the reviewer meets it: the items, then the one opened with its evidence.
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("reviewer-title")));
        screenshot("reviewer");
        browser.findElement(By.id("review-decide")).click();
        String done = "Revoked: item " + itemId + ".";
        // The page re-reads the list until the item has left "To decide", then says so.
        waiting().until(ExpectedConditions.textToBe(By.id("reviewer-status"), done));
        assertThat(browser.findElement(By.id("review-decided")).getText())
                .isEqualTo(done + " Reason: Left the payments team; no pushes any more");
        assertThat(browser.findElement(By.id("review-decision-form")).isDisplayed()).isFalse();
        assertThat(browser.findElements(reviewRow(itemId))).isEmpty();

        // The item's outcome, and the revocation it asks for: IAM takes github away by hand, the request ends REVOKED.
        JsonNode decided = Api.get(suite.url(REVIEW) + "/api/v1/reviews/items/" + itemId, MANAGER).body();
        assertThat(decided.path("item").path("outcome").asText()).isEqualTo("REVOKED");
        assertThat(decided.path("item").path("decidedBy").asText()).isEqualTo(MANAGER_ID);
        JsonNode revoke = await().atMost(PATIENCE).pollInterval(POLL).until(() -> {
            for (JsonNode task : Api.get(suite.url(PROVISIONING) + "/api/v1/fulfilment-tasks?status=OPEN", IAM)
                    .body()) {
                if ("REVOKE".equals(task.path("action").asText())
                        && requestId.equals(task.path("requestId").asText())) {
                    return task;
                }
            }
            return null;
        }, task -> task != null);
        iamMarksDone(revoke.path("taskId").asText(), "CHG-WEB-REVIEW", "REVOKE", "github:write", null);
        journey.requestOnceStatus(engineer.token(), requestId, "REVOKED");
    }

    @Test
    void anAuditorAsksWhoHoldsAResourceNowAndOpensTheEvidenceOfAGrant() throws IOException {
        RequestJourney.Person engineer = journey.colleagueLike(ENGINEER_ID);
        JsonNode provisioned = journey.walkToProvisioned(engineer, Runnable::run);
        String grantId = provisioned.path("grantId").asText();
        assertThat(grantId).startsWith("G-");
        By holding = By.cssSelector("#holdings tbody tr[data-grant-id='" + grantId + "']");

        signIn(AUDITOR_ID, "AUDITOR");
        button(browser.findElement(By.id("nav")), "Audit").click();
        labelled(browser, "input", "Resource (optional)").sendKeys("github");
        // "At" left empty: now. The audit view follows the events; ask again until the grant is there.
        waiting().until(driver -> {
            List<WebElement> rows = driver.findElements(holding);
            if (rows.isEmpty()) {
                button(driver, "Who had access").click();
                return false;
            }
            assertThat(rows.get(0).getText()).contains(engineer.id(), "github:write", "still held");
            button(rows.get(0), "Evidence of grant " + grantId).click();
            return true;
        });
        assertThat(browser.findElement(By.id("holdings-summary")).getText()).contains("on github");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#evidence h3"),
                "Evidence of grant " + grantId));
        String evidence = browser.findElement(By.id("evidence")).getText();
        assertThat(evidence).contains(provisioned.path("requestId").asText(), engineer.id(), "RequestSubmitted",
                "ManagerApproved", "AccessProvisioned", "Fits the role");
        screenshot("auditor");
    }

    @Test
    void anAdminIsRefusedABrokenPolicyPublishesARaisedOneSeesTheChangedEntryInTheDiffAndRunsAWhatIfOfIt()
            throws IOException {
        // A request judged under the version in force: the what-if of the new version judges it again.
        RequestJourney.Person engineer = journey.colleagueLike(ENGINEER_ID);
        String requestId = journey.submit(engineer.token(), Map.of("resourceId", "datadog", "accessLevel", "edit",
                "justification", "On-call for the payments service; I tune its monitors."));
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> RequestJourney.timelineTypes(Api.get(suite.url(REQUEST)
                + "/api/v1/access-requests/" + requestId, engineer.token()).body()).contains("PolicyEvaluated"));
        String raised = Files.readString(DEMO_POLICY).replace(
                "{id: datadog, name: Datadog monitoring, target: okta-scim, ownerId: E1031, sensitivity: LOW",
                "{id: datadog, name: Datadog monitoring, target: okta-scim, ownerId: E1031, sensitivity: HIGH");
        assertThat(raised).contains("sensitivity: HIGH, tags: [],\n     levels: [{name: read, privileged: false}, "
                + "{name: edit, privileged: false}]}\n  - {id: vpn");

        signIn("E1041", "ADMIN");
        button(browser.findElement(By.id("nav")), "Policy").click();
        String before = waiting().until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("#versions tbody tr[data-version]"));
            return loaded(driver, "versions") && !rows.isEmpty() ? rows.get(0).getDomAttribute("data-version") : null;
        });

        // A document the service refuses: its problem is shown, field by field, and nothing is published.
        WebElement document = labelled(browser, "textarea", "Policy document (YAML or JSON)");
        document.sendKeys("resources:\n  - {id: broken}\n");
        button(browser, "Publish").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("publish-problem"),
                "The policy is not valid (422)"));
        assertThat(browser.findElement(By.id("publish-problem")).getText()).contains("resources[0]");
        assertThat(browser.findElement(By.id("admin-status")).getText()).isEqualTo("Not published.");

        document.clear();
        document.sendKeys(raised);
        button(browser, "Publish").click();
        String after = String.valueOf(Integer.parseInt(before) + 1);
        waiting().until(ExpectedConditions.textToBe(By.id("admin-status"), "Published version " + after + "."));
        assertThat(waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#versions tbody tr[data-version='" + after + "']"))).getText())
                .contains("E1041", "resource changed: datadog");
        assertThat(browser.findElement(By.id("publish-problem")).getText()).isEmpty();

        new Select(labelled(browser, "select", "From version")).selectByValue(before);
        new Select(labelled(browser, "select", "To version")).selectByValue(after);
        button(browser, "Show the differences").click();
        WebElement changed = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#diff tbody tr[data-path='resources[datadog].sensitivity']")));
        assertThat(changed.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("resources[datadog].sensitivity", "CHANGED", "LOW", "HIGH");
        assertThat(browser.findElement(By.id("diff-summary")).getText())
                .isEqualTo("Version " + after + " against version " + before + ": 1 difference.");

        new Select(labelled(browser, "select", "Policy to try")).selectByValue(after);
        button(browser, "Run the what-if").click();
        waiting().until(ExpectedConditions.textMatches(By.id("what-if-status"),
                java.util.regex.Pattern.compile("^\\d+ requests? judged again; [1-9]\\d* would be judged differently\\.$")));
        WebElement difference = browser.findElement(By.cssSelector("#what-if tbody tr[data-request-id='" + requestId
                + "']"));
        List<String> cells = difference.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(cells.get(2)).as("the verdict then").doesNotContain("risk HIGH", "SECURITY");
        assertThat(cells.get(3)).as("the verdict under the new version").contains("risk HIGH", "SECURITY");
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("diff-title")));
        screenshot("admin");

        // IAM reads the versions and runs what-ifs on the same page, but is not offered publishing.
        signIn("E1040", "IAM");
        button(browser.findElement(By.id("nav")), "Policy").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#versions tbody tr[data-version='" + after + "']")));
        assertThat(browser.findElement(By.id("publish")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("what-if-run")).isDisplayed()).isTrue();
    }

    @Test
    void theRequesterSeesThePolicysAnswerWhileTypingRevisesAReturnedRequestAndTheManagerApprovesItWithConditions() {
        signIn(ENGINEER_ID);
        labelled(browser, "input", "Resource").sendKeys("github");
        labelled(browser, "input", "Level").sendKeys("read");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-checks-summary"),
                "approvals needed: MANAGER, IAM"));
        assertThat(browser.findElement(By.id("request-findings")).getText()).contains("exceedsStandardProfile");
        labelled(browser, "textarea", "Justification").sendKeys("Need it");
        waiting().until(ExpectedConditions.textToBe(By.id("justification-hint"),
                "Too short: 7 of at least 15 characters."));
        for (String field : List.of("resourceId", "accessLevel", "justification")) {
            browser.findElement(By.id(field)).clear();
        }
        String requestId = requestAccess("github", "read", "Reading the ledger repositories for the audit.");

        signIn(MANAGER_ID);
        WebElement task = taskInInbox(requestId);
        labelled(task, "input", "Reason").sendKeys("Which repositories? Name them, please.");
        task.findElement(By.tagName("summary")).click();
        button(task, "Return to requester").click();
        waiting().until(ExpectedConditions.textToBe(By.id("inbox-progress"), "Returned to the requester."));

        signIn(ENGINEER_ID);
        seesStatus(requestId, "RETURNED");
        button(browser.findElement(myRequestRow(requestId)), "Revise").click();
        Alert prompt = waiting().until(ExpectedConditions.alertIsPresent());
        prompt.sendKeys("Reading the ledger and payments repositories for the SOX audit.");
        prompt.accept();
        waiting().until(ExpectedConditions.textToBe(By.id("request-progress"), "Revised."));

        signIn(MANAGER_ID);
        task = taskInInbox(requestId);
        labelled(task, "input", "Reason").sendKeys("Read only, for the audit's month.");
        task.findElement(By.tagName("summary")).click();
        labelled(task, "input", "Access for (ISO 8601, e.g. P30D)").sendKeys("P30D");
        labelled(task, "input", "MFA required").click();
        button(task, "Approve with conditions").click();
        waiting().until(ExpectedConditions.textToBe(By.id("inbox-progress"), "Approved with conditions."));
        // Outside the engineer's standard profile: the policy's IAM stage follows the manager's (the live check said so).
        signIn("E1040", "IAM");
        decide(taskInInbox(requestId), requestId, "Approve", "Read access outside the profile, for the audit.",
                "Approved.");

        signIn(MANAGER_ID);
        button(browser.findElement(By.id("nav")), "Approval inbox").click();

        String until = LocalDate.now(ZoneOffset.UTC).plusDays(20).toString();
        labelled(browser, "input", "Who covers my approvals (employee id)").sendKeys("E1041");
        browser.executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id("absence-until")), until);
        button(browser, "Set out of office").click();
        waiting().until(ExpectedConditions.textToBe(By.id("absence-now"),
                "Out of office until " + until + "T00:00:00Z: E1041 decides your approvals."));
        button(browser, "End out of office").click();
        waiting().until(ExpectedConditions.textToBe(By.id("absence-now"), "You are not out of office."));

        signIn(ENGINEER_ID);
        AtomicReference<String> shown = new AtomicReference<>();
        waiting().withMessage(() -> "the request's status is still " + shown.get() + "; its timeline: "
                + Api.get(suite.url(REQUEST) + "/api/v1/access-requests/" + requestId, ENGINEER).body()
                        .path("timeline")).until(driver -> {
            if (!loaded(driver, "my-requests")) {
                return false;
            }
            List<WebElement> rows = driver.findElements(myRequestRow(requestId));
            shown.set(rows.isEmpty() ? "not listed" : rows.get(0).findElement(By.className("status")).getText());
            if (List.of("APPROVED", "PROVISIONED").contains(shown.get())) {
                return true;
            }
            button(driver.findElement(By.id("nav")), "My requests").click();
            return false;
        });
        button(browser.findElement(myRequestRow(requestId)), requestId).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#detail .conditions"),
                "Conditions: access for P30D, MFA required"));
        assertThat(timeline()).anyMatch(entry -> entry.contains("RevisionRequested by " + MANAGER_ID))
                .anyMatch(entry -> entry.contains("RequestRevised by " + ENGINEER_ID));
    }
}
