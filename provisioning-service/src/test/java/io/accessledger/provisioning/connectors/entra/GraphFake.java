package io.accessledger.provisioning.connectors.entra;

import com.fasterxml.jackson.databind.JsonNode;
import io.accessledger.provisioning.connectors.http.FakeHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Microsoft Entra ID tenant: its token endpoint and Microsoft Graph v1.0, in memory, answering as Microsoft
 * documents them:
 * <ul>
 * <li>OAuth 2.0 client credentials grant, {@code POST /{tenant}/oauth2/v2.0/token} (form {@code client_id},
 * {@code client_secret}, {@code scope=https://graph.microsoft.com/.default}, {@code grant_type=client_credentials});
 * {@code {token_type, expires_in, ext_expires_in, access_token}}; errors {@code {error, error_description (AADSTS…),
 * error_codes, timestamp, trace_id, correlation_id}} —
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow and
 * https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes</li>
 * <li>Get user ({@code GET /v1.0/users/{id | userPrincipalName}}) —
 * https://learn.microsoft.com/en-us/graph/api/user-get</li>
 * <li>Add members ({@code POST /v1.0/groups/{id}/members/$ref}, {@code {"@odata.id": ".../directoryObjects/{id}"}},
 * 204; 400 "One or more added object references already exist for the following modified properties: 'members'."
 * for a member) — https://learn.microsoft.com/en-us/graph/api/group-post-members</li>
 * <li>Remove member ({@code DELETE /v1.0/groups/{id}/members/{id}/$ref}, 204; 404 when not a member) —
 * https://learn.microsoft.com/en-us/graph/api/group-delete-members</li>
 * <li>List a group's user members ({@code GET /v1.0/groups/{id}/members/microsoft.graph.user?$select=&$top=}, $top
 * 1–999, default 100): {@code {"@odata.context", "value": [...], "@odata.nextLink"}}, the next link carrying the same
 * query and an opaque {@code $skiptoken}, absent on the last page —
 * https://learn.microsoft.com/en-us/graph/api/group-list-members and https://learn.microsoft.com/en-us/graph/paging</li>
 * <li>Throttling: 429 with {@code Retry-After} (seconds) — https://learn.microsoft.com/en-us/graph/throttling; errors
 * {@code {"error": {"code", "message", "innerError": {date, request-id, client-request-id}}}} —
 * https://learn.microsoft.com/en-us/graph/errors</li>
 * </ul>
 * Graph requires {@code Authorization: Bearer <token>} with a token it issued that has not expired (by the fake's
 * clock). Switches: {@link #throttleNext(int, int)}, {@link #invalidateTokens()}, {@link #refuseTokens(boolean)},
 * {@link #tokenLifetime(Duration)},
 * {@link #stop()} / {@link #start()}.
 */
public class GraphFake extends FakeHttpServer {
    private static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final Pattern USER = Pattern.compile("/v1\\.0/users/([^/]+)");
    private static final Pattern GROUP = Pattern.compile("/v1\\.0/groups/([^/]+)");
    private static final Pattern ADD = Pattern.compile("/v1\\.0/groups/([^/]+)/members/\\$ref");
    private static final Pattern USER_MEMBERS = Pattern.compile("/v1\\.0/groups/([^/]+)/members/microsoft\\.graph\\.user");
    private static final Pattern REMOVE = Pattern.compile("/v1\\.0/groups/([^/]+)/members/([^/]+)/\\$ref");
    private static final Pattern DIRECTORY_OBJECT = Pattern.compile("https?://.+/v1\\.0/directoryObjects/([^/]+)");

    private final Clock clock;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, String> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Map<String, Instant> issued = new LinkedHashMap<>();
    private Duration tokenLifetime = Duration.ofSeconds(3599);
    private int tokensIssued;
    private boolean refuseTokens;
    private int throttled;
    private int retryAfterSeconds;
    private int ids;

    public GraphFake(Clock clock, String tenantId, String clientId, String clientSecret) {
        this.clock = clock;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        start();
    }

    /** A user with this userPrincipalName; answers its object id. */
    public synchronized String addUser(String userPrincipalName) {
        String id = objectId();
        users.put(id, userPrincipalName);
        return id;
    }

    /** A security group; answers its object id. */
    public synchronized String addGroup(String displayName) {
        String id = objectId();
        groups.put(id, displayName);
        members.put(id, new LinkedHashSet<>());
        return id;
    }

    public synchronized void addMember(String groupId, String userId) {
        members.get(groupId).add(userId);
    }

    public synchronized List<String> members(String groupId) {
        return new ArrayList<>(members.get(groupId));
    }

    /** How many access tokens the token endpoint has issued. */
    public synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** The {@code expires_in} of tokens issued from now on (default 3599 s). */
    public synchronized void tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** Every token issued so far is refused from now on (401), as after a key rollover or a revoked consent. */
    public synchronized void invalidateTokens() {
        issued.clear();
    }

    /** While set, Graph refuses every token (401), even freshly issued ones, as when the app lost its consent. */
    public synchronized void refuseTokens(boolean refuse) {
        refuseTokens = refuse;
    }

    /** The next {@code calls} Graph requests answer 429 with {@code Retry-After: retryAfterSeconds}. */
    public synchronized void throttleNext(int calls, int retryAfterSeconds) {
        this.throttled = calls;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    protected synchronized Reply answer(Request request) {
        Matcher token = TOKEN.matcher(request.path());
        if (token.matches()) {
            return request.method().equals("POST") ? token(token.group(1), params(request.body()))
                    : graphError(405, "Request_BadRequest", "Method not allowed");
        }
        if (!request.path().startsWith("/v1.0/")) {
            return graphError(400, "BadRequest", "Invalid version.");
        }
        if (throttled > 0) {
            throttled--;
            return graphError(429, "TooManyRequests", "Too many requests")
                    .with("Retry-After", String.valueOf(retryAfterSeconds));
        }
        String authorization = request.authorization();
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return graphError(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        Instant expires = issued.get(authorization.substring("Bearer ".length()));
        if (refuseTokens || expires == null || !clock.instant().isBefore(expires)) {
            return graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
        }
        return route(request);
    }

    private Reply route(Request request) {
        String method = request.method();
        Matcher remove = REMOVE.matcher(request.path());
        if (remove.matches() && method.equals("DELETE")) {
            String groupId = remove.group(1);
            if (!groups.containsKey(groupId) || !members.get(groupId).remove(remove.group(2))) {
                return notFound(remove.group(2));
            }
            return Reply.noContent();
        }
        Matcher userMembers = USER_MEMBERS.matcher(request.path());
        if (userMembers.matches() && method.equals("GET")) {
            return userMembers(userMembers.group(1), request.params());
        }
        Matcher add = ADD.matcher(request.path());
        if (add.matches() && method.equals("POST")) {
            return addMember(add.group(1), request);
        }
        Matcher user = USER.matcher(request.path());
        if (user.matches() && method.equals("GET")) {
            String id = userId(user.group(1));
            if (id == null) {
                return notFound(user.group(1));
            }
            return Reply.json(200, Map.of("@odata.context",
                    "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName)/$entity",
                    "id", id, "userPrincipalName", users.get(id)));
        }
        Matcher group = GROUP.matcher(request.path());
        if (group.matches() && method.equals("GET")) {
            String id = group.group(1);
            if (!groups.containsKey(id)) {
                return notFound(id);
            }
            return Reply.json(200, Map.of("@odata.context",
                    "https://graph.microsoft.com/v1.0/$metadata#groups(id)/$entity", "id", id));
        }
        return graphError(400, "BadRequest", "Resource not found for the segment '" + request.path() + "'.");
    }

    private Reply userMembers(String groupId, Map<String, String> params) {
        if (!groups.containsKey(groupId)) {
            return notFound(groupId);
        }
        int top;
        int skip;
        try {
            top = Integer.parseInt(params.getOrDefault("$top", "100"));
            String token = params.get("$skiptoken");
            skip = token == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(token),
                    StandardCharsets.UTF_8).substring("skip:".length()));
        } catch (RuntimeException e) {
            return graphError(400, "BadRequest", "Invalid $top or $skiptoken");
        }
        if (top < 1 || top > 999) {
            return graphError(400, "BadRequest", "Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
        }
        List<String> ids = new ArrayList<>(members.get(groupId));
        List<Map<String, Object>> value = new ArrayList<>();
        for (String id : ids.subList(Math.min(skip, ids.size()), Math.min(skip + top, ids.size()))) {
            value.add(Map.of("@odata.type", "#microsoft.graph.user", "id", id, "userPrincipalName", users.get(id)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName)");
        body.put("value", value);
        if (skip + top < ids.size()) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("skip:" + (skip + top)).getBytes(StandardCharsets.UTF_8));
            body.put("@odata.nextLink", baseUrl() + "/v1.0/groups/" + groupId + "/members/microsoft.graph.user?"
                    + "$select=" + params.getOrDefault("$select", "id") + "&$top=" + top + "&$skiptoken=" + token);
        }
        return Reply.json(200, body);
    }

    private Reply addMember(String groupId, Request request) {
        if (request.contentType() == null || !request.contentType().startsWith("application/json")) {
            return graphError(415, "BadRequest", "Content-Type must be application/json");
        }
        String reference;
        try {
            JsonNode body = JSON.readTree(request.body());
            reference = body == null ? "" : body.path("@odata.id").asText("");
        } catch (IOException e) {
            return graphError(400, "BadRequest", "Unable to read JSON request payload.");
        }
        Matcher object = DIRECTORY_OBJECT.matcher(reference);
        if (!object.matches()) {
            return graphError(400, "Request_BadRequest", "Invalid object identifier '" + reference + "'.");
        }
        if (!groups.containsKey(groupId)) {
            return notFound(groupId);
        }
        String userId = object.group(1);
        if (!users.containsKey(userId)) {
            return notFound(userId);
        }
        if (!members.get(groupId).add(userId)) {
            return graphError(400, "Request_BadRequest", "One or more added object references already exist for the "
                    + "following modified properties: 'members'.");
        }
        return Reply.noContent();
    }

    private Reply token(String tenant, Map<String, String> form) {
        if (!tenant.equals(tenantId)) {
            return tokenError(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure "
                    + "you have the correct tenant ID and are signing into the correct cloud.");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return tokenError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
                    + form.get("grant_type") + "'.");
        }
        if (!clientId.equals(form.get("client_id"))) {
            return tokenError(400, "unauthorized_client", 700016, "Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory '" + tenant + "'.");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            return tokenError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
                    + "being sent in the request is the client secret value, not the client secret ID, for a "
                    + "secret added to app '" + clientId + "'.");
        }
        if (!SCOPE.equals(form.get("scope"))) {
            return tokenError(400, "invalid_scope", 1002012, "The provided value for scope " + form.get("scope")
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to "
                    + "the resource identifier (application ID URI).");
        }
        tokensIssued++;
        String value = "eyJ0eXAiOiJKV1QiLCJub25jZSI6ImZha2UifQ.fake-" + tokensIssued + "." + UUID.randomUUID();
        issued.put(value, clock.instant().plus(tokenLifetime));
        return Reply.json(200, Map.of("token_type", "Bearer", "expires_in", tokenLifetime.toSeconds(),
                "ext_expires_in", tokenLifetime.toSeconds(), "access_token", value));
    }

    private String userId(String idOrUpn) {
        if (users.containsKey(idOrUpn)) {
            return idOrUpn;
        }
        return users.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(idOrUpn)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private Reply notFound(String resource) {
        return graphError(404, "Request_ResourceNotFound", "Resource '" + resource
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    private Reply graphError(int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("date", clock.instant().toString().replaceFirst("\\.\\d+Z$", "").replace("Z", ""));
        inner.put("request-id", requestId);
        inner.put("client-request-id", requestId);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("innerError", inner);
        return Reply.json(status, Map.of("error", error)).with("request-id", requestId);
    }

    private Reply tokenError(int status, String error, int code, String description) {
        String trace = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + trace
                + "\r\nCorrelation ID: " + trace + "\r\nTimestamp: " + clock.instant());
        body.put("error_codes", List.of(code));
        body.put("timestamp", clock.instant().toString());
        body.put("trace_id", trace);
        body.put("correlation_id", trace);
        return Reply.json(status, body);
    }

    private String objectId() {
        return String.format("5f2c1e0a-0000-4000-8000-%012d", ++ids);
    }
}
