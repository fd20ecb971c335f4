package io.accessledger.provisioning.connectors.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.TargetProblem;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.http.HttpAnswer;
import io.accessledger.outbound.RetryAfter;
import io.accessledger.provisioning.connectors.http.TargetHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Group membership in Microsoft Entra ID through Microsoft Graph v1.0 ({@code type: entra}; {@code tenantId},
 * {@code clientId}, {@code clientSecret}, {@code groups} mapping {@code "resource:level"} to a group object id;
 * {@code authorityUrl} and {@code graphUrl} only for another cloud or a test double).
 *
 * <p>The app signs in with the OAuth 2.0 client credentials grant
 * ({@code POST {authorityUrl}/{tenantId}/oauth2/v2.0/token}, scope {@code https://graph.microsoft.com/.default}); the
 * token is kept per tenant and client until shortly before {@code expires_in}, and fetched again at most once per
 * call when Graph answers 401. The token endpoint's refusals ({@code invalid_client}, {@code AADSTS…}) are permanent.
 *
 * <p>A grant finds the user ({@code GET /users/{userPrincipalName}}; 404 is permanent), checks the group
 * ({@code GET /groups/{id}}), then {@code POST /groups/{id}/members/$ref}; Graph's 400 "One or more added object
 * references already exist" means the user is a member already: done. A revocation
 * {@code DELETE /groups/{id}/members/{userId}/$ref} removes only that member; 404 there (user and group just found)
 * means not a member: done. A reconciliation reads the group's direct user members
 * ({@code GET /groups/{id}/members/microsoft.graph.user?$select=id,userPrincipalName&$top=}{@value #PAGE_SIZE}; the
 * cast leaves out nested groups, devices and service principals), each as its object id and userPrincipalName,
 * following Graph's {@code @odata.nextLink} (only on the same Graph URL and the same group) until an answer has
 * none. 429 and 503 are transient with Graph's {@code Retry-After}; Graph's error body
 * {@code {"error":{"code","message"}}} becomes the failure's answer. The client secret and tokens never do.
 */
@Component
public class EntraConnector implements Connector {
    public static final String TYPE = "entra";
    static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    static final String DEFAULT_GRAPH = "https://graph.microsoft.com/v1.0";
    private static final String SCOPE = "https://graph.microsoft.com/.default";
    private static final Duration MAX_EARLY_REFRESH = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Members read per page ({@code $top}; Graph allows up to 999 for a group's members). */
    public static final int PAGE_SIZE = 999;

    private final Clock clock;
    private final TargetHttp http;
    /** Access tokens per authority, tenant and client. */
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    @Autowired
    public EntraConnector(Clock clock) {
        this(clock, new TargetHttp());
    }

    public EntraConnector(Clock clock, TargetHttp http) {
        this.clock = clock;
        this.http = http;
    }

    @Override
    public List<TargetProblem> check(TargetSettings target) {
        return TargetProblem.all(target.needs("tenantId", target.tenantId(), "<the directory (tenant) id>"),
                target.needs("clientId", target.clientId(), "<the app registration's application (client) id>"),
                target.needs("clientSecret", target.clientSecret(), "${ENTRA_CLIENT_SECRET} (from the environment)"),
                target.needsGroups());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Result grant(Assignment assignment, TargetSettings target) {
        String groupId = target.groupFor(assignment.entitlement());
        Call call = new Call(Tenant.of(target));
        String userId = userId(call, assignment);
        checkGroup(call, groupId);
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("@odata.id",
                    call.tenant.graphUrl + "/directoryObjects/" + userId));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpAnswer answer = graph(call, "POST", "/groups/" + TargetHttp.pathSegment(groupId) + "/members/$ref",
                body);
        if (answer.isSuccess() || alreadyMember(answer)) {
            return new Result.Done("entra:" + groupId + "/" + userId);
        }
        throw failure(answer, "adding " + assignment.login() + " to group " + groupId);
    }

    @Override
    public Result revoke(Assignment assignment, TargetSettings target) {
        String groupId = target.groupFor(assignment.entitlement());
        Call call = new Call(Tenant.of(target));
        String userId = userId(call, assignment);
        return removeFromGroup(call, groupId, userId, assignment.login());
    }

    /** Revoke's {@code DELETE .../members/{id}/$ref} by the member's object id; 404 there is done. */
    @Override
    public Result removeMember(TargetSettings target, Entitlement entitlement, Member member) {
        return removeFromGroup(new Call(Tenant.of(target)), target.groupFor(entitlement), member.targetId(),
                member.userName() == null ? member.targetId() : member.userName());
    }

    private Result removeFromGroup(Call call, String groupId, String userId, String who) {
        checkGroup(call, groupId);
        HttpAnswer answer = graph(call, "DELETE", "/groups/" + TargetHttp.pathSegment(groupId) + "/members/"
                + TargetHttp.pathSegment(userId) + "/$ref", null);
        if (answer.isSuccess() || answer.status() == 404) {
            return new Result.Done("entra:" + groupId + "/" + userId);
        }
        throw failure(answer, "removing " + who + " from group " + groupId);
    }

    /**
     * One page of the mapped group's user members; the cursor is the path and query of Graph's
     * {@code @odata.nextLink} (for this Graph URL and this group only).
     */
    @Override
    public MembersPage members(TargetSettings target, Entitlement entitlement, String cursor) {
        String groupId = target.groupFor(entitlement);
        Call call = new Call(Tenant.of(target));
        String membersPath = "/groups/" + TargetHttp.pathSegment(groupId) + "/members/microsoft.graph.user";
        String page;
        if (cursor == null) {
            page = membersPath + "?$select=id,userPrincipalName&$top=" + PAGE_SIZE;
        } else if (cursor.startsWith(membersPath + "?")) {
            page = cursor;
        } else {
            throw ConnectorFailure.permanent("Not a page of Entra ID group " + groupId + "'s members: " + cursor);
        }
        HttpAnswer answer = graph(call, "GET", page, null);
        if (!answer.isSuccess()) {
            throw failure(answer, "listing the members of group " + groupId);
        }
        JsonNode json = answer.json();
        List<Member> members = new ArrayList<>();
        for (JsonNode user : json.path("value")) {
            members.add(new Member(user.path("id").asText(), user.path("userPrincipalName").asText(null)));
        }
        String next = json.path("@odata.nextLink").asText("");
        if (next.isEmpty()) {
            return new MembersPage(members, null);
        }
        if (!next.startsWith(call.tenant.graphUrl + membersPath + "?")) {
            throw ConnectorFailure.permanent("Microsoft Graph named a next page elsewhere: " + next);
        }
        return new MembersPage(members, next.substring(call.tenant.graphUrl.length()));
    }

    private String userId(Call call, Assignment assignment) {
        String login = assignment.login();
        if (login == null || login.isBlank()) {
            throw ConnectorFailure.permanent("Grant " + assignment.grantId() + " has no login to find in Entra ID");
        }
        HttpAnswer answer = graph(call, "GET", "/users/" + TargetHttp.pathSegment(login)
                + "?$select=id,userPrincipalName", null);
        if (answer.status() == 404) {
            throw ConnectorFailure.permanent("Entra ID tenant " + call.tenant.tenantId
                    + " has no user with userPrincipalName " + login + ": " + said(answer));
        }
        if (!answer.isSuccess()) {
            throw failure(answer, "finding user " + login);
        }
        String id = answer.json().path("id").asText("");
        if (id.isEmpty()) {
            throw ConnectorFailure.permanent("Microsoft Graph answered no id for user " + login);
        }
        return id;
    }

    private void checkGroup(Call call, String groupId) {
        HttpAnswer answer = graph(call, "GET", "/groups/" + TargetHttp.pathSegment(groupId) + "?$select=id", null);
        if (answer.status() == 404) {
            throw ConnectorFailure.permanent("Entra ID tenant " + call.tenant.tenantId + " has no group " + groupId
                    + ": " + said(answer));
        }
        if (!answer.isSuccess()) {
            throw failure(answer, "reading group " + groupId);
        }
    }

    /** One Graph request with the tenant's token; on 401, once per call, a fresh token and the request again. */
    private HttpAnswer graph(Call call, String method, String pathAndQuery, String json) {
        HttpAnswer answer = sendToGraph(call, method, pathAndQuery, json, token(call.tenant, false));
        if (answer.status() == 401 && !call.refreshed) {
            call.refreshed = true;
            answer = sendToGraph(call, method, pathAndQuery, json, token(call.tenant, true));
        }
        return answer;
    }

    private HttpAnswer sendToGraph(Call call, String method, String pathAndQuery, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(call.tenant.graphUrl + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request, call.tenant.settings, "Microsoft Graph " + call.tenant.graphUrl);
    }

    /** The cached token, or a new one from the token endpoint ({@code renew}: whatever is cached was refused). */
    private String token(Tenant tenant, boolean renew) {
        Instant now = clock.instant();
        Token cached = tokens.get(tenant.key());
        if (!renew && cached != null && now.isBefore(cached.renewAt)) {
            return cached.value;
        }
        String form = "client_id=" + TargetHttp.queryValue(tenant.clientId)
                + "&client_secret=" + TargetHttp.queryValue(tenant.clientSecret)
                + "&scope=" + TargetHttp.queryValue(SCOPE)
                + "&grant_type=client_credentials";
        String endpoint = tenant.authorityUrl + "/" + TargetHttp.pathSegment(tenant.tenantId) + "/oauth2/v2.0/token";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        HttpAnswer answer = http.send(request, tenant.settings, "Microsoft Entra token endpoint " + tenant.authorityUrl);
        JsonNode json = answer.json();
        if (!answer.isSuccess()) {
            String said = json.path("error").asText("");
            String description = json.path("error_description").asText("");
            // AADSTS descriptions carry trace and correlation ids on further lines: the first line says it.
            int lineEnd = description.indexOf('\r') >= 0 ? description.indexOf('\r') : description.indexOf('\n');
            String text = "Microsoft Entra token endpoint refused client " + tenant.clientId + " in tenant "
                    + tenant.tenantId + ": " + (said.isEmpty() ? answer.shortBody()
                    : said + (description.isEmpty() ? "" : ": "
                            + (lineEnd >= 0 ? description.substring(0, lineEnd) : description)));
            if (TargetHttp.isTransient(answer.status())) {
                throw ConnectorFailure.transientFailure(text + " (HTTP " + answer.status() + ")",
                        RetryAfter.fromHeader(answer.header("Retry-After"), clock), null);
            }
            throw ConnectorFailure.permanent(text + " (HTTP " + answer.status() + ")");
        }
        String value = json.path("access_token").asText("");
        long expiresIn = json.path("expires_in").asLong(0);
        if (value.isEmpty() || expiresIn <= 0) {
            throw ConnectorFailure.permanent("Microsoft Entra token endpoint answered no access_token/expires_in");
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration early = lifetime.dividedBy(10).compareTo(MAX_EARLY_REFRESH) < 0 ? lifetime.dividedBy(10)
                : MAX_EARLY_REFRESH;
        tokens.put(tenant.key(), new Token(value, now.plus(lifetime).minus(early)));
        return value;
    }

    private static boolean alreadyMember(HttpAnswer answer) {
        return answer.status() == 400
                && answer.json().path("error").path("message").asText("").contains("already exist");
    }

    private ConnectorFailure failure(HttpAnswer answer, String doing) {
        Duration retryAfter = TargetHttp.isTransient(answer.status())
                ? RetryAfter.fromHeader(answer.header("Retry-After"), clock) : null;
        return TargetHttp.failure(answer, "Microsoft Graph refused " + doing + ": " + said(answer), retryAfter);
    }

    /** Graph's {@code error.code: error.message}, or the body as it came. */
    private static String said(HttpAnswer answer) {
        JsonNode error = answer.json().path("error");
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        if (code.isEmpty() && message.isEmpty()) {
            return answer.shortBody().isEmpty() ? "HTTP " + answer.status() : answer.shortBody();
        }
        return code + ": " + message;
    }

    /** One connector call: its tenant and whether it already fetched a fresh token after a 401. */
    private static final class Call {
        final Tenant tenant;
        boolean refreshed;

        Call(Tenant tenant) {
            this.tenant = tenant;
        }
    }

    private record Token(String value, Instant renewAt) {
        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }

    /** The target's tenant and app, checked once per call; {@code toString} never shows the secret. */
    private record Tenant(String tenantId, String clientId, String clientSecret, String authorityUrl,
            String graphUrl, TargetSettings settings) {
        static Tenant of(TargetSettings target) {
            return new Tenant(target.required("tenantId", target.tenantId()),
                    target.required("clientId", target.clientId()),
                    target.required("clientSecret", target.clientSecret()),
                    trim(target.authorityUrl() == null || target.authorityUrl().isBlank() ? DEFAULT_AUTHORITY
                            : target.authorityUrl()),
                    trim(target.graphUrl() == null || target.graphUrl().isBlank() ? DEFAULT_GRAPH
                            : target.graphUrl()),
                    target);
        }

        String key() {
            return authorityUrl + "|" + tenantId + "|" + clientId;
        }

        private static String trim(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        @Override
        public String toString() {
            return "Tenant[" + tenantId + ", client " + clientId + "]";
        }
    }
}
