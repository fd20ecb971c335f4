package io.accessledger.provisioning.connectors.okta;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Group membership in Okta through the management API ({@code type: okta}; {@code orgUrl}, {@code apiToken} sent as
 * {@code Authorization: SSWS <token>}, {@code groups} mapping {@code "resource:level"} to an Okta group id
 * ({@code 00g…}) or exact group name).
 *
 * <p>A grant finds the user by login ({@code GET /api/v1/users/{login}}; Okta masters its users here, so an unknown
 * login is a permanent failure), the group (by id, or {@code GET /api/v1/groups?search=profile.name eq "…"} with an
 * exact name match), then {@code PUT /api/v1/groups/{groupId}/users/{userId}}, which Okta answers 204 whether or not
 * the user was already a member. A revocation does the same lookups and {@code DELETE}s only that user's membership;
 * the user and group having just been found, a 404 there means "not a member" and is done.
 *
 * <p>A reconciliation reads the group's members with "List all member users"
 * ({@code GET /api/v1/groups/{groupId}/users?limit=}{@value #PAGE_SIZE}), each as its id and {@code profile.login}.
 * Okta pages with a cursor: the answer's {@code Link} header with {@code rel="next"} (Okta sends {@code self} and
 * {@code next} as separate {@code Link} headers) names the next page's URL with its {@code after} cursor; no such link
 * is the last page. The next link is followed only on the same org and the same group's member list.
 *
 * <p>Rate limits: Okta reports {@code X-Rate-Limit-Limit/-Remaining/-Reset} (reset in UTC epoch seconds) on every
 * answer. A 429 ({@code E0000047}) is a transient failure whose retry hint is the reset; an answer with
 * {@code X-Rate-Limit-Remaining: 0} makes the connector call that org no more until the reset, answering a transient
 * failure with the remaining wait instead. Okta's error bodies ({@code errorCode}, {@code errorSummary}) become the
 * failure's answer; the API token never does.
 */
@Component
public class OktaConnector implements Connector {
    public static final String TYPE = "okta";
    private static final Pattern GROUP_ID = Pattern.compile("00g[0-9A-Za-z]{10,}");
    /** Members read per page (Okta allows up to 1000 for a group's users; smaller pages keep each call short). */
    public static final int PAGE_SIZE = 200;
    /** One link of a {@code Link} header value (RFC 8288): its target and its parameters. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private final Clock clock;
    private final TargetHttp http;
    /** Per org URL: no call before this instant (the rate limit's reset once a window is used up). */
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    @Autowired
    public OktaConnector(Clock clock) {
        this(clock, new TargetHttp());
    }

    public OktaConnector(Clock clock, TargetHttp http) {
        this.clock = clock;
        this.http = http;
    }

    @Override
    public List<TargetProblem> check(TargetSettings target) {
        return TargetProblem.all(target.needs("orgUrl", target.orgUrl(), "https://example.okta.com"),
                target.needs("apiToken", target.apiToken(), "${OKTA_API_TOKEN} (an SSWS API token, from the environment)"),
                target.needsGroups());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Result grant(Assignment assignment, TargetSettings target) {
        Org org = Org.of(target);
        String group = target.groupFor(assignment.entitlement());
        String userId = userId(org, assignment);
        String groupId = groupId(org, group);
        HttpAnswer answer = call(org, "PUT", "/api/v1/groups/" + groupId + "/users/" + userId);
        if (!answer.isSuccess()) {
            throw failure(org, answer, "adding " + assignment.login() + " to group " + group);
        }
        return new Result.Done("okta:" + groupId + "/" + userId);
    }

    @Override
    public Result revoke(Assignment assignment, TargetSettings target) {
        Org org = Org.of(target);
        String group = target.groupFor(assignment.entitlement());
        String userId = userId(org, assignment);
        return removeFromGroup(org, group, userId, assignment.login());
    }

    /**
     * Revoke's {@code DELETE} by the member's Okta user id ({@code 00u…}); the group is looked up first, so a 404
     * on the {@code DELETE} means the user is gone: done.
     */
    @Override
    public Result removeMember(TargetSettings target, Entitlement entitlement, Member member) {
        return removeFromGroup(Org.of(target), target.groupFor(entitlement), member.targetId(),
                member.userName() == null ? member.targetId() : member.userName());
    }

    private Result removeFromGroup(Org org, String group, String userId, String who) {
        String groupId = groupId(org, group);
        HttpAnswer answer = call(org, "DELETE", "/api/v1/groups/" + groupId + "/users/"
                + TargetHttp.pathSegment(userId));
        if (!answer.isSuccess() && answer.status() != 404) {
            throw failure(org, answer, "removing " + who + " from group " + group);
        }
        return new Result.Done("okta:" + groupId + "/" + userId);
    }

    /**
     * One page of the mapped group's members; the cursor is the path and query of Okta's {@code rel="next"} link
     * (for this org and this group only).
     */
    @Override
    public MembersPage members(TargetSettings target, Entitlement entitlement, String cursor) {
        Org org = Org.of(target);
        String group = target.groupFor(entitlement);
        String page;
        if (cursor == null) {
            page = "/api/v1/groups/" + groupId(org, group) + "/users?limit=" + PAGE_SIZE;
        } else if (cursor.startsWith("/api/v1/groups/") && cursor.contains("/users?")) {
            page = cursor;
        } else {
            throw ConnectorFailure.permanent("Not a page of an Okta group's members: " + cursor);
        }
        HttpAnswer answer = call(org, "GET", page);
        if (!answer.isSuccess()) {
            throw failure(org, answer, "listing the members of group " + group);
        }
        List<Member> members = new ArrayList<>();
        for (JsonNode user : answer.json()) {
            members.add(new Member(user.path("id").asText(), user.path("profile").path("login").asText(null)));
        }
        return new MembersPage(members, nextPage(org, answer, page));
    }

    /** The path and query of the {@code rel="next"} link, if it points at the same org's same member list. */
    private static String nextPage(Org org, HttpAnswer answer, String page) {
        if (answer.headers() == null) {
            return null;
        }
        String membersPath = page.substring(0, page.indexOf('?'));
        for (String value : answer.headers().allValues("Link")) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                if (!rel.find() || !List.of(rel.group(1).strip().split("\\s+")).contains("next")) {
                    continue;
                }
                String url = link.group(1).strip();
                if (!url.startsWith(org.url + membersPath + "?")) {
                    throw ConnectorFailure.permanent("Okta " + org.url + " named a next page elsewhere: " + url);
                }
                return url.substring(org.url.length());
            }
        }
        return null;
    }

    private String userId(Org org, Assignment assignment) {
        String login = assignment.login();
        if (login == null || login.isBlank()) {
            throw ConnectorFailure.permanent("Grant " + assignment.grantId() + " has no login to find in Okta");
        }
        HttpAnswer answer = call(org, "GET", "/api/v1/users/" + TargetHttp.pathSegment(login));
        if (answer.status() == 404) {
            throw ConnectorFailure.permanent("Okta " + org.url + " has no user with login " + login + ": "
                    + said(answer));
        }
        if (!answer.isSuccess()) {
            throw failure(org, answer, "finding user " + login);
        }
        return requiredId(answer.json(), org, "user " + login);
    }

    private String groupId(Org org, String group) {
        if (GROUP_ID.matcher(group).matches()) {
            HttpAnswer answer = call(org, "GET", "/api/v1/groups/" + group);
            if (answer.status() == 404) {
                throw ConnectorFailure.permanent("Okta " + org.url + " has no group " + group + ": " + said(answer));
            }
            if (!answer.isSuccess()) {
                throw failure(org, answer, "reading group " + group);
            }
            return group;
        }
        String filter = "profile.name eq \"" + group.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        HttpAnswer answer = call(org, "GET", "/api/v1/groups?search=" + TargetHttp.queryValue(filter));
        if (!answer.isSuccess()) {
            throw failure(org, answer, "finding group " + group);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode found : answer.json()) {
            if (group.equals(found.path("profile").path("name").asText(null))) {
                ids.add(found.path("id").asText());
            }
        }
        if (ids.isEmpty()) {
            throw ConnectorFailure.permanent("Okta " + org.url + " has no group named '" + group + "'");
        }
        if (ids.size() > 1) {
            throw ConnectorFailure.permanent("Okta " + org.url + " has " + ids.size() + " groups named '" + group
                    + "' (" + String.join(", ", ids) + "); map the entitlement to the group id");
        }
        return ids.get(0);
    }

    /** One call to the org, unless its rate limit is used up; remembers a used-up window from the answer. */
    private HttpAnswer call(Org org, String method, String pathAndQuery) {
        Instant until = pausedUntil.get(org.url);
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                throw ConnectorFailure.transientFailure("Okta " + org.url + " rate limit used up until " + until
                        + "; not called", RetryAfter.until(until, clock), null);
            }
            pausedUntil.remove(org.url, until);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(org.url + pathAndQuery))
                .header("Authorization", "SSWS " + org.apiToken)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        HttpAnswer answer = http.send(request, org.settings, "Okta " + org.url);
        Instant reset = RetryAfter.epochSecondsInstant(answer.header("X-Rate-Limit-Reset"));
        if (reset != null && (answer.status() == 429 || "0".equals(strip(answer.header("X-Rate-Limit-Remaining"))))) {
            pausedUntil.merge(org.url, reset, (a, b) -> a.isAfter(b) ? a : b);
        }
        return answer;
    }

    private ConnectorFailure failure(Org org, HttpAnswer answer, String doing) {
        Duration retryAfter = answer.status() == 429
                ? RetryAfter.untilEpochSeconds(answer.header("X-Rate-Limit-Reset"), clock) : null;
        if (retryAfter == null && answer.status() / 100 == 5) {
            retryAfter = RetryAfter.fromHeader(answer.header("Retry-After"), clock);
        }
        return TargetHttp.failure(answer, "Okta " + org.url + " refused " + doing + ": " + said(answer), retryAfter);
    }

    /** Okta's {@code errorCode: errorSummary}, or the body as it came. */
    private static String said(HttpAnswer answer) {
        JsonNode error = answer.json();
        String code = error.path("errorCode").asText("");
        String summary = error.path("errorSummary").asText("");
        if (code.isEmpty() && summary.isEmpty()) {
            return answer.shortBody().isEmpty() ? "HTTP " + answer.status() : answer.shortBody();
        }
        return code + ": " + summary;
    }

    private static String requiredId(JsonNode json, Org org, String what) {
        String id = json.path("id").asText("");
        if (id.isEmpty()) {
            throw ConnectorFailure.permanent("Okta " + org.url + " answered no id for " + what);
        }
        return id;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** The target's org, checked once per call; {@code toString} never shows the token. */
    private record Org(String url, String apiToken, TargetSettings settings) {
        static Org of(TargetSettings target) {
            String url = target.required("orgUrl", target.orgUrl());
            return new Org(url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                    target.required("apiToken", target.apiToken()), target);
        }

        @Override
        public String toString() {
            return "Org[" + url + "]";
        }
    }
}
