package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The web app's pages as the console serves them: every module the page loads is served under the strict policy,
 * every element a script looks up and every API path it calls exists, every control has a label, and the navigation
 * offers the reviewer, IAM, auditor and policy pages to the roles they serve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Outside the local run the console needs its OIDC client; the issuer is discovered only on first sign-in.
        "accessledger.console.oidc.issuer-uri=https://issuer.example.com",
        "accessledger.console.oidc.client-id=accessledger-console",
        "accessledger.console.oidc.redirect-uri=https://console.example.com/console/oidc/callback"})
class ConsolePagesTest {
    private static final Pattern IMPORT = Pattern.compile("(?:from|src=)\\s*['\"](?:\\./|/)([\\w-]+\\.js)['\"]");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
    private static final Pattern NAV_BUTTON = Pattern.compile("<button[^>]*data-page=\"([^\"]+)\"[^>]*>");
    private static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b[^>]*>");

    @Value("${local.server.port}")
    int port;

    /** The file the console serves at {@code path}, checked to be served with its type under the strict policy. */
    private String served(String path, String contentType) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build().get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Security-Policy", ConsoleRoutes.CONTENT_SECURITY_POLICY)
                .expectHeader().value("Content-Type", type -> assertThat(type).startsWith(contentType))
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String page() {
        return served("/index.html", "text/html");
    }

    /** Every module the page loads, following imports from index.html's one script: name to source. */
    private Map<String, String> modules() {
        Map<String, String> modules = new LinkedHashMap<>();
        Deque<String> toRead = new ArrayDeque<>(matches(IMPORT, page()));
        while (!toRead.isEmpty()) {
            String name = toRead.pop();
            if (!modules.containsKey(name)) {
                String source = served("/" + name, "text/javascript");
                modules.put(name, source);
                toRead.addAll(matches(IMPORT, source));
            }
        }
        return modules;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theReviewerIamAuditorAndPolicyModulesAreLoadedByThePageAndServedUnderTheStrictPolicy() {
        assertThat(modules()).containsKeys("app.js", "common.js", "pages.js", "reviewer.js", "iam.js", "auditor.js",
                "admin.js");
        assertThat(page()).contains("<link rel=\"stylesheet\" href=\"/pages.css\">");
        assertThat(served("/pages.css", "text/css")).contains(".pager");
    }

    @Test
    void everyElementAScriptLooksUpIsInThePageOnce() {
        List<String> ids = matches(ID, page());
        assertThat(ids).doesNotHaveDuplicates();
        Set<String> lookedUp = new TreeSet<>();
        for (String source : modules().values()) {
            matches(Pattern.compile("'#([A-Za-z][\\w-]*)"), source).stream().filter(id -> !id.endsWith("-"))
                    .forEach(lookedUp::add);
        }
        assertThat(lookedUp).contains("reviews", "review-decision-form", "review-reason-error", "fulfilment", "grants",
                "holdings", "evidence", "export-link", "versions", "version-view", "diff-form", "diff", "what-if-form",
                "what-if-status", "what-if", "publish", "publish-document", "publish-problem");
        assertThat(ids).containsAll(lookedUp);
    }

    @Test
    void everyFormControlHasALabel() {
        String html = page();
        Matcher m = CONTROL.matcher(html);
        int controls = 0;
        while (m.find()) {
            controls++;
            String control = m.group();
            String before = html.substring(Math.max(0, m.start() - 8), m.start());
            Matcher id = ID.matcher(control);
            boolean wrapped = before.endsWith("<label>");
            boolean labelledFor = id.find()
                    && Pattern.compile("<label for=\"" + Pattern.quote(id.group(1)) + "\"[ >]").matcher(html).find();
            assertThat(wrapped || labelledFor).as("a label for %s", control).isTrue();
        }
        assertThat(controls).isGreaterThan(15);
    }

    @Test
    void theNavigationOffersEachPageToTheRolesItServes() {
        String html = page();
        Map<String, String> rolesByPage = new LinkedHashMap<>();
        Matcher m = NAV_BUTTON.matcher(html);
        while (m.find()) {
            Matcher roles = Pattern.compile("data-roles=\"([^\"]*)\"").matcher(m.group());
            rolesByPage.put(m.group(1), roles.find() ? roles.group(1) : "everyone");
        }
        assertThat(rolesByPage).containsExactly(Map.entry("requester", "everyone"),
                Map.entry("approver", "everyone"), Map.entry("reviewer", "everyone"), Map.entry("iam", "IAM ADMIN"),
                Map.entry("auditor", "AUDITOR"), Map.entry("admin", "ADMIN IAM COMPLIANCE"));
        for (String page : rolesByPage.keySet()) {
            assertThat(html).contains("<section id=\"page-" + page + "\"");
        }
        rolesByPage.values().stream().filter(r -> !r.equals("everyone"))
                .forEach(r -> assertThat(LocalSignIn.ROLES).containsAll(List.of(r.split(" "))));
        String pages = modules().get("pages.js");
        for (String page : List.of("reviewer", "iam", "auditor", "admin")) {
            assertThat(pages).as("pages.js loads %s", page).containsPattern("[{ ]" + page + ": load");
        }
    }

    @Test
    void noPageRunsInlineCodeOrStyleWritesMarkupFromDataOrReachesOutsideTheConsole() {
        String html = page();
        assertThat(html).doesNotContain("style=", "<style");
        assertThat(html).doesNotContainPattern("\\son[a-z]+=");
        for (Map.Entry<String, String> module : modules().entrySet()) {
            assertThat(module.getValue()).as(module.getKey())
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                            "http://", "https://");
        }
        assertThat(served("/pages.css", "text/css") + served("/app.css", "text/css")).doesNotContain("url(");
    }

    @Test
    void everyApiPathThePagesCallIsRoutedToTheServiceOwningIt() {
        Map<String, URI> services = new LinkedHashMap<>();
        for (String name : List.of("request", "policy", "approval", "provisioning", "review")) {
            services.put(name, URI.create("http://" + name + ".test"));
        }
        ConsoleProperties properties = new ConsoleProperties(services, null, null, null);
        Set<String> paths = new LinkedHashSet<>();
        for (String source : modules().values()) {
            paths.addAll(matches(Pattern.compile("(/api/v1/[a-z-]+(?:/[a-z-]+)?)"), source));
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (String path : paths) {
            owners.put(path, properties.route(path).map(URI::getHost).orElse("nobody"));
        }
        assertThat(owners).containsEntry("/api/v1/reviews/items", "review.test")
                .containsEntry("/api/v1/reviews/campaigns", "review.test")
                .containsEntry("/api/v1/fulfilment-tasks", "provisioning.test")
                .containsEntry("/api/v1/grants", "provisioning.test")
                .containsEntry("/api/v1/audit/access", "request.test")
                .containsEntry("/api/v1/audit/grants", "request.test")
                .containsEntry("/api/v1/audit/export", "request.test")
                .containsEntry("/api/v1/policy", "policy.test")
                .containsEntry("/api/v1/policy/versions", "policy.test")
                .containsEntry("/api/v1/policy/diff", "policy.test")
                .containsEntry("/api/v1/policy/what-if", "policy.test")
                .doesNotContainValue("nobody");
    }
}
