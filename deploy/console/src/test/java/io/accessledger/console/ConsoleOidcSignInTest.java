package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.accessledger.testissuer.TestIssuer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production sign-in against a real, independent issuer ({@link TestIssuer}, Spring Authorization Server requiring
 * PKCE), driven as a browser drives it: an HTTP client with a cookie jar, following the redirects one by one and
 * posting the issuer's login form. The console runs without the 'local' profile, so the demo sign-in is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConsoleOidcSignInTest {
    static final int PORT = freePort();
    static final String CONSOLE = "http://127.0.0.1:" + PORT;
    static final String CALLBACK = CONSOLE + OidcProperties.CALLBACK_PATH;
    static final TestIssuer ISSUER = TestIssuer.start(CALLBACK, CONSOLE + "/");
    static final StubService APPROVALS = new StubService(200, "application/json", "[{\"taskId\":\"T1\"}]");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void console(DynamicPropertyRegistry registry) {
        registry.add("accessledger.console.services.approval", APPROVALS::baseUrl);
        signingInAt(ISSUER, PORT, registry);
    }

    /** The console on {@code port} of 127.0.0.1, signing people in at the issuer as its registered client. */
    static void signingInAt(TestIssuer issuer, int port, DynamicPropertyRegistry registry) {
        signingInAt(issuer, port, registry, TestIssuer.CLIENT_ID);
        registry.add("accessledger.console.oidc.client-secret", () -> TestIssuer.CLIENT_SECRET);
    }

    static void signingInAt(TestIssuer issuer, int port, DynamicPropertyRegistry registry, String clientId) {
        String console = "http://127.0.0.1:" + port;
        registry.add("server.port", () -> port);
        registry.add("accessledger.console.oidc.issuer-uri", () -> issuer.issuer);
        registry.add("accessledger.console.oidc.client-id", () -> clientId);
        registry.add("accessledger.console.oidc.redirect-uri", () -> console + OidcProperties.CALLBACK_PATH);
        registry.add("accessledger.console.oidc.post-logout-redirect-uri", () -> console + "/");
    }

    @AfterAll
    static void stop() {
        APPROVALS.close();
        ISSUER.close();
    }

    Browser browser;

    @BeforeEach
    void freshBrowser() {
        browser = new Browser();
        APPROVALS.seen.clear();
        ISSUER.tokenRequests.clear();
    }

    /** The sign-in as far as the issuer's redirect back: where it sent the browser first, and where back. */
    record Journey(HttpResponse<String> start, URI authorize, URI callback) {
        Map<String, String> authorizeQuery() {
            return query(authorize);
        }
    }

    private Journey toTheCallback(String login) throws Exception {
        return toTheCallback(browser, ISSUER, CONSOLE, login);
    }

    /** Starts the sign-in at the console, signs in on the issuer's login form, stops at the redirect back. */
    static Journey toTheCallback(Browser browser, TestIssuer issuer, String console, String login) throws Exception {
        String callback = console + OidcProperties.CALLBACK_PATH;
        HttpResponse<String> start = browser.get(URI.create(console + "/console/oidc/sign-in"));
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = location(start);
        assertThat(authorize.toString()).startsWith(issuer.issuer + "/oauth2/authorize?");
        HttpResponse<String> page = browser.follow(browser.get(authorize), uri -> false);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/login");
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the issuer's login form carries its CSRF token").isTrue();
        HttpResponse<String> loggedIn = browser.post(URI.create(issuer.issuer + "/login"), Map.of(
                "username", login, "password", TestIssuer.PASSWORD, "_csrf", csrf.group(1)));
        HttpResponse<String> back = browser.follow(loggedIn, uri -> uri.toString().startsWith(callback));
        assertThat(back.statusCode()).isBetween(300, 399);
        return new Journey(start, authorize, location(back));
    }

    private HttpResponse<String> signIn(String login) throws Exception {
        HttpResponse<String> callback = browser.get(toTheCallback(login).callback());
        assertThat(callback.statusCode()).isEqualTo(303);
        return callback;
    }

    @Test
    void signingInAtTheIssuerLetsTheConsolesApiCallsReachTheServiceWithTheIssuersAccessTokenAsBearer() throws Exception {
        HttpResponse<String> callback = signIn("chiara");

        assertThat(location(callback)).isEqualTo(URI.create("/"));
        HttpCookie session = setCookie(callback, Session.COOKIE).orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(rawSetCookie(callback, Session.COOKIE)).contains("SameSite=Strict");
        HttpResponse<String> api = browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks?status=OPEN"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("T1");

        String bearer = APPROVALS.seen.get(0).authorization();
        assertThat(bearer).isEqualTo("Bearer " + session.getValue());
        // Exactly what a service does with spring.security.oauth2.resourceserver.jwt.issuer-uri: discover, check.
        Jwt token = JwtDecoders.<org.springframework.security.oauth2.jwt.JwtDecoder>fromIssuerLocation(ISSUER.issuer)
                .decode(bearer.substring("Bearer ".length()));
        assertThat(token.getIssuer().toString()).isEqualTo(ISSUER.issuer);
        assertThat(token.getSubject()).isEqualTo("E1001");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("IAM");

        HttpResponse<String> me = browser.get(URI.create(CONSOLE + "/console/session"));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"employeeId\":\"E1001\"", "\"roles\":[\"IAM\"]");
    }

    @Test
    void theAuthorizeRedirectAsksForS256AndTheVerifierSentToTheTokenEndpointMatchesItsChallenge() throws Exception {
        Journey journey = toTheCallback("marco");
        Map<String, String> asked = journey.authorizeQuery();
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", TestIssuer.CLIENT_ID)
                .containsEntry("redirect_uri", CALLBACK).containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "nonce", "code_challenge");
        assertThat(asked.get("scope").split(" ")).contains("openid");
        String attempt = rawSetCookie(journey.start(), SignInAttempt.COOKIE);
        assertThat(attempt).contains("SameSite=Lax", "Path=" + OidcProperties.CALLBACK_PATH)
                .doesNotContain(asked.get("code_challenge"));
        assertThat(setCookie(journey.start(), SignInAttempt.COOKIE).orElseThrow().isHttpOnly()).isTrue();

        assertThat(browser.get(journey.callback()).statusCode()).isEqualTo(303);

        assertThat(ISSUER.tokenRequests).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("grant_type", "authorization_code")
                    .containsEntry("redirect_uri", CALLBACK).containsKey("code_verifier")
                    .containsEntry("(Authorization)", "Basic").doesNotContainKey("client_secret");
            String verifier = form.get("code_verifier");
            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(asked.get("code_challenge"));
        });
    }

    @Test
    void aCallbackWithAWrongOrMissingStateIsAProblemSetsNoSessionAndSpendsNoCode() throws Exception {
        Journey journey = toTheCallback("chiara");
        Map<String, String> answer = query(journey.callback());
        String code = URLEncoder.encode(answer.get("code"), StandardCharsets.UTF_8);

        for (URI forged : List.of(URI.create(CALLBACK + "?code=" + code + "&state=not-the-state"),
                URI.create(CALLBACK + "?code=" + code))) {
            HttpResponse<String> refused = browser.get(forged);
            assertThat(refused.statusCode()).as(forged.toString()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("Sign-in state does not match");
            assertThat(startsASession(refused)).isFalse();
        }
        assertThat(ISSUER.tokenRequests).isEmpty();
        assertThat(browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks")).statusCode()).isEqualTo(401);
        assertThat(APPROVALS.seen).isEmpty();
    }

    @Test
    void theIssuersRefusalComingBackIsAProblemThatSetsNoSessionAndSpendsNothing() throws Exception {
        HttpResponse<String> start = browser.get(URI.create(CONSOLE + "/console/oidc/sign-in"));
        String state = query(location(start)).get("state");

        HttpResponse<String> denied = browser.get(URI.create(CALLBACK + "?error=access_denied"
                + "&error_description=The+person+declined&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8)));

        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).contains("Sign-in refused by the issuer", "access_denied: The person declined");
        assertThat(startsASession(denied)).isFalse();
        assertThat(setCookie(denied, SignInAttempt.COOKIE)).hasValueSatisfying(c -> assertThat(c.getMaxAge()).isZero());
        assertThat(ISSUER.tokenRequests).isEmpty();
    }

    @Test
    void aCallbackWithoutTheBrowsersSignInAttemptIsAProblem() throws Exception {
        Journey journey = toTheCallback("chiara");

        HttpResponse<String> elsewhere = new Browser().get(journey.callback());

        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("No sign-in in progress");
        assertThat(startsASession(elsewhere)).isFalse();
    }

    @Test
    void aReplayedCallbackIsRefusedBecauseTheIssuerSpendsEachCodeOnce() throws Exception {
        Journey journey = toTheCallback("chiara");
        String attemptCookie = SignInAttempt.COOKIE + "=" + browser.cookie(CALLBACK, SignInAttempt.COOKIE);
        assertThat(browser.get(journey.callback()).statusCode()).isEqualTo(303);

        HttpResponse<String> replay = new Browser().get(journey.callback(), "Cookie", attemptCookie);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("Code refused", "invalid_grant");
        assertThat(startsASession(replay)).isFalse();
        assertThat(ISSUER.tokenRequests).hasSize(2);
    }

    @Test
    void anIdTokenWhoseNonceIsNotTheOneThisSignInSentIsRefused() throws Exception {
        Journey journey = toTheCallback("chiara");
        String[] attempt = browser.cookie(CALLBACK, SignInAttempt.COOKIE).split("\\.");
        String otherNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThat(otherNonce).isNotEqualTo(attempt[1]);

        HttpResponse<String> refused = new Browser().get(journey.callback(), "Cookie",
                SignInAttempt.COOKIE + "=" + attempt[0] + "." + otherNonce + "." + attempt[2]);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("ID token refused", "nonce");
        assertThat(startsASession(refused)).isFalse();
        assertThat(ISSUER.tokenRequests).as("the code was exchanged, the ID token then refused").hasSize(1);
    }

    @Test
    void signingOutClearsTheSessionAndSendsThePersonToTheIssuersEndSession() throws Exception {
        signIn("chiara");

        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(CONSOLE + "/console/session"))
                .DELETE().build());

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(setCookie(out, Session.COOKIE)).hasValueSatisfying(c -> assertThat(c.getMaxAge()).isZero());
        assertThat(setCookie(out, Session.ID_COOKIE)).hasValueSatisfying(c -> assertThat(c.getMaxAge()).isZero());
        Matcher url = Pattern.compile("\"signOutUrl\":\"([^\"]+)\"").matcher(out.body());
        assertThat(url.find()).isTrue();
        URI endSession = URI.create(url.group(1));
        assertThat(endSession.toString()).startsWith(ISSUER.issuer + "/connect/logout?");
        assertThat(query(endSession)).containsKey("id_token_hint").containsEntry("client_id", TestIssuer.CLIENT_ID)
                .containsEntry("post_logout_redirect_uri", CONSOLE + "/");
        HttpResponse<String> api = browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks"));
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(APPROVALS.seen).isEmpty();
        // The issuer accepts the console's hint and sends the person back to the console.
        HttpResponse<String> atIssuer = browser.follow(browser.get(endSession),
                uri -> uri.toString().startsWith(CONSOLE));
        assertThat(location(atIssuer)).isEqualTo(URI.create(CONSOLE + "/"));
    }

    @Test
    void anExpiredSessionIsA401ProblemThatReachesNoServiceSoThePageSignsInAgain() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String expired = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"E1001\",\"roles\":[],\"exp\":1700000000}"
                .getBytes(StandardCharsets.UTF_8)) + ".c2ln";

        HttpResponse<String> api = new Browser().get(URI.create(CONSOLE + "/api/v1/approvals/tasks"), "Cookie",
                Session.COOKIE + "=" + expired);

        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.body()).contains("Sign in again");
        assertThat(APPROVALS.seen).isEmpty();
        assertThat(new Browser().get(URI.create(CONSOLE + "/console/session"), "Cookie",
                Session.COOKIE + "=" + expired).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredSessionIsRenewedWithTheRefreshTokenSoThePersonDoesNotSignInAgain() throws Exception {
        HttpResponse<String> callback = signIn("chiara");
        HttpCookie refresh = setCookie(callback, Session.REFRESH_COOKIE).orElseThrow();
        assertThat(refresh.isHttpOnly()).isTrue();
        assertThat(rawSetCookie(callback, Session.REFRESH_COOKIE)).contains("SameSite=Strict", "Path=/");
        String firstAccess = setCookie(callback, Session.COOKIE).orElseThrow().getValue();

        browser.forget(Session.COOKIE); // the access token's lifetime is over: the browser drops its cookie
        HttpResponse<String> me = browser.get(URI.create(CONSOLE + "/console/session"));

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"employeeId\":\"E1001\"");
        assertThat(ISSUER.tokenRequests).last().satisfies(form -> assertThat(form)
                .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", refresh.getValue())
                .containsEntry("(Authorization)", "Basic"));
        String renewedAccess = setCookie(me, Session.COOKIE).orElseThrow().getValue();
        assertThat(renewedAccess).isNotEqualTo(firstAccess);
        assertThat(setCookie(me, Session.REFRESH_COOKIE).orElseThrow().getValue()).as("rotated")
                .isNotEqualTo(refresh.getValue());

        HttpResponse<String> api = browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks?status=OPEN"));
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(APPROVALS.seen).last().satisfies(call -> assertThat(call.authorization())
                .isEqualTo("Bearer " + renewedAccess));
        assertThat(JwtDecoders.<org.springframework.security.oauth2.jwt.JwtDecoder>fromIssuerLocation(ISSUER.issuer)
                .decode(renewedAccess).getSubject()).isEqualTo("E1001");
        assertThat(ISSUER.tokenRequests).as("the code, then one renewal").hasSize(2);
    }

    @Test
    void aSpentRefreshTokenEndsTheSessionWithA401ThatReachesNoService() throws Exception {
        String refresh = setCookie(signIn("chiara"), Session.REFRESH_COOKIE).orElseThrow().getValue();
        browser.forget(Session.COOKIE);
        assertThat(browser.get(URI.create(CONSOLE + "/api/v1/approvals/tasks")).statusCode()).isEqualTo(200);
        APPROVALS.seen.clear();

        // The same refresh token again (a stolen copy, or a tab left behind): the issuer rotated it, so it is spent.
        // Within a few seconds of the renewal the console still answers it with the renewal (calls the page sent
        // before the new cookies arrived); after that it asks the issuer, which refuses it.
        URI tasks = URI.create(CONSOLE + "/api/v1/approvals/tasks");
        await().atMost(OidcSignIn.RENEWAL_SHARED_FOR.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> new Browser().get(tasks, "Cookie", Session.REFRESH_COOKIE + "=" + refresh)
                        .statusCode() == 401);
        APPROVALS.seen.clear();
        HttpResponse<String> api = new Browser().get(tasks, "Cookie", Session.REFRESH_COOKIE + "=" + refresh);

        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("Sign in again");
        assertThat(setCookie(api, Session.REFRESH_COOKIE)).hasValueSatisfying(c -> assertThat(c.getMaxAge()).isZero());
        assertThat(APPROVALS.seen).isEmpty();
    }

    @Test
    void callsArrivingTogetherAfterTheSessionExpiredShareOneRenewal() throws Exception {
        signIn("chiara");
        browser.forget(Session.COOKIE);
        ISSUER.tokenRequests.clear();

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(browser.http.sendAsync(HttpRequest.newBuilder(URI.create(CONSOLE + "/api/v1/approvals/tasks"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(calls).allSatisfy(call -> assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200));
        assertThat(ISSUER.tokenRequests).as("one refresh for all four").singleElement()
                .satisfies(form -> assertThat(form).containsEntry("grant_type", "refresh_token"));
        assertThat(APPROVALS.seen).hasSize(4).extracting(call -> call.authorization()).containsOnly(
                APPROVALS.seen.get(0).authorization());
    }

    @Test
    void signingOutRevokesTheRefreshTokenAtTheIssuer() throws Exception {
        String refresh = setCookie(signIn("chiara"), Session.REFRESH_COOKIE).orElseThrow().getValue();

        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(CONSOLE + "/console/session"))
                .DELETE().build());

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(setCookie(out, Session.REFRESH_COOKIE)).hasValueSatisfying(c -> assertThat(c.getMaxAge()).isZero());
        HttpResponse<String> api = new Browser().get(URI.create(CONSOLE + "/api/v1/approvals/tasks"), "Cookie",
                Session.REFRESH_COOKIE + "=" + refresh);
        assertThat(api.statusCode()).as("revoked at the issuer").isEqualTo(401);
        assertThat(APPROVALS.seen).isEmpty();
    }

    @Test
    void outsideTheLocalRunThePageOffersTheIssuersSignInAndTheDemoStaysOff() throws Exception {
        assertThat(browser.get(URI.create(CONSOLE + "/console/sign-in-options")).body())
                .contains("\"oidc\":true", "\"demo\":false");
        assertThat(browser.get(URI.create(CONSOLE + "/console/people")).statusCode()).isEqualTo(403);
    }

    // ---- a small browser: a cookie jar, redirects followed one at a time ------------------------------------------

    static final class Browser {
        final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient http = HttpClient.newBuilder().cookieHandler(jar)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/html,*/*");
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request.GET().build());
        }

        HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        /** Follows redirects until a page, or until a redirect whose target {@code stopAt} accepts (not followed). */
        HttpResponse<String> follow(HttpResponse<String> response, Predicate<URI> stopAt)
                throws IOException, InterruptedException {
            for (int hops = 0; hops < 10 && response.statusCode() / 100 == 3; hops++) {
                URI next = response.uri().resolve(location(response));
                if (stopAt.test(next)) {
                    return response;
                }
                response = get(next);
            }
            return response;
        }

        /** Drops a cookie, as a browser does when its lifetime is over. */
        void forget(String name) {
            jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).toList()
                    .forEach(c -> jar.getCookieStore().remove(null, c));
        }

        String cookie(String url, String name) {
            return jar.getCookieStore().get(URI.create(url)).stream().filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
        }
    }

    static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    static String rawSetCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .findFirst().orElseThrow();
    }

    /** The cookie of that name the response sets (or ends), if it sets one. */
    static Optional<HttpCookie> setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().flatMap(c -> HttpCookie.parse(c).stream())
                .filter(c -> c.getName().equals(name)).findFirst();
    }

    /** Whether the response hands the browser a session (a non-empty session cookie). */
    static boolean startsASession(HttpResponse<String> response) {
        return setCookie(response, Session.COOKIE).filter(c -> !c.getValue().isEmpty()).isPresent();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
