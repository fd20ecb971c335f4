package io.accessledger.provisioning.connectors.okta;

import io.accessledger.provisioning.connectors.http.FakeHttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Okta org's management API, in memory, answering as Okta documents it:
 * <ul>
 * <li>Users API, "Retrieve a User" ({@code GET /api/v1/users/{id}}, where the id may be the user's id or login) —
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/</li>
 * <li>Groups API ({@code GET /api/v1/groups/{groupId}}, {@code GET /api/v1/groups?search=profile.name eq "…"} or
 * {@code ?q=} (name starts with), {@code PUT} / {@code DELETE /api/v1/groups/{groupId}/users/{userId}}, 204 No Content,
 * membership changes idempotent) — https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/
 * and https://developer.okta.com/okta-sdk-java/apidocs/com/okta/sdk/resource/api/GroupApi.html</li>
 * <li>"List all member users" ({@code GET /api/v1/groups/{groupId}/users?limit=&after=}, limit default 1000): the
 * users in id order after the {@code after} cursor, with a {@code Link: <…>; rel="self"} header and, when more
 * follow, a separate {@code Link: <…?after={last id}&limit=…>; rel="next"} header —
 * https://developer.okta.com/docs/api/#pagination and the Group API's listGroupUsers</li>
 * <li>Rate limits: {@code X-Rate-Limit-Limit}, {@code X-Rate-Limit-Remaining}, {@code X-Rate-Limit-Reset} (UTC epoch
 * seconds) on every answer; 429 with {@code E0000047} when the window is used up —
 * https://developer.okta.com/docs/reference/rl-best-practices/</li>
 * <li>Errors {@code {errorCode, errorSummary, errorLink, errorId, errorCauses}}: {@code E0000007} Not found (404),
 * {@code E0000011} Invalid token provided (401), {@code E0000047} (429) —
 * https://developer.okta.com/docs/reference/error-codes/</li>
 * </ul>
 * Requires {@code Authorization: SSWS <apiToken>}. Switches: {@link #throttleNext(int)}, {@link #rateLimit(int)}, {@link #breakNext(int)},
 * {@link #stop()} / {@link #start()}.
 */
public class OktaFake extends FakeHttpServer {
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Pattern USER = Pattern.compile("/api/v1/users/([^/]+)");
    private static final Pattern GROUP = Pattern.compile("/api/v1/groups/([^/]+)");
    private static final Pattern MEMBERSHIP = Pattern.compile("/api/v1/groups/([^/]+)/users/([^/]+)");
    private static final Pattern MEMBER_LIST = Pattern.compile("/api/v1/groups/([^/]+)/users");
    private static final Pattern NAME_EQ = Pattern.compile("profile\\.name eq \"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Clock clock;
    private final String apiToken;
    private final Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    private final Map<String, String> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private int ids;
    private int limit = 600;
    private Instant windowReset;
    private int usedInWindow;
    private int throttled;
    private int broken;

    public OktaFake(Clock clock, String apiToken) {
        this.clock = clock;
        this.apiToken = apiToken;
        start();
    }

    /** A user (ACTIVE) with this login; answers its id ({@code 00u…}). */
    public synchronized String addUser(String login, String firstName, String lastName) {
        String id = String.format("00u%017d", ++ids);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("login", login);
        profile.put("email", login);
        profile.put("firstName", firstName);
        profile.put("lastName", lastName);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("status", "ACTIVE");
        user.put("profile", profile);
        users.put(id, user);
        return id;
    }

    /** An {@code OKTA_GROUP} with this name; answers its id ({@code 00g…}). */
    public synchronized String addGroup(String name) {
        String id = String.format("00g%017d", ++ids);
        groups.put(id, name);
        members.put(id, new LinkedHashSet<>());
        return id;
    }

    public synchronized void addMember(String groupId, String userId) {
        members.get(groupId).add(userId);
    }

    public synchronized List<String> members(String groupId) {
        return new ArrayList<>(members.get(groupId));
    }

    /** The next {@code calls} requests answer 429 {@code E0000047}, whatever the window says. */
    public synchronized void throttleNext(int calls) {
        throttled = calls;
    }

    /** The next {@code calls} requests answer 500 {@code E0000009} (Okta having a bad moment). */
    public synchronized void breakNext(int calls) {
        broken = calls;
    }

    /** Requests allowed per one-minute window (default 600). */
    public synchronized void rateLimit(int requestsPerWindow) {
        limit = requestsPerWindow;
    }

    /** When the current window ends (what {@code X-Rate-Limit-Reset} says). */
    public synchronized Instant windowReset() {
        rollWindow();
        return windowReset;
    }

    @Override
    protected synchronized Reply answer(Request request) {
        rollWindow();
        usedInWindow++;
        if (throttled > 0 || usedInWindow > limit) {
            throttled = Math.max(0, throttled - 1);
            return rateLimited(error(429, "E0000047", "API call exceeded rate limit due to too many requests."), 0);
        }
        int remaining = limit - usedInWindow;
        if (broken > 0) {
            broken--;
            return rateLimited(error(500, "E0000009", "Internal Server Error"), remaining);
        }
        if (!("SSWS " + apiToken).equals(request.authorization())) {
            return rateLimited(error(401, "E0000011", "Invalid token provided"), remaining);
        }
        return rateLimited(route(request), remaining);
    }

    private Reply route(Request request) {
        Matcher membership = MEMBERSHIP.matcher(request.path());
        if (membership.matches()) {
            return membership(request.method(), membership.group(1), membership.group(2));
        }
        Matcher memberList = MEMBER_LIST.matcher(request.path());
        if (memberList.matches() && request.method().equals("GET")) {
            return memberList(memberList.group(1), request.params());
        }
        Matcher user = USER.matcher(request.path());
        if (user.matches() && request.method().equals("GET")) {
            Map<String, Object> found = user(user.group(1));
            return found == null ? notFound(user.group(1) + " (User)") : Reply.json(200, found);
        }
        Matcher group = GROUP.matcher(request.path());
        if (group.matches() && request.method().equals("GET")) {
            String name = groups.get(group.group(1));
            return name == null ? notFound(group.group(1) + " (UserGroup)") : Reply.json(200, group(group.group(1)));
        }
        if (request.path().equals("/api/v1/groups") && request.method().equals("GET")) {
            return searchGroups(request.params());
        }
        return notFound(request.path());
    }

    private Reply membership(String method, String groupId, String userId) {
        if (!groups.containsKey(groupId)) {
            return notFound(groupId + " (UserGroup)");
        }
        if (!users.containsKey(userId)) {
            return notFound(userId + " (User)");
        }
        if (method.equals("PUT")) {
            members.get(groupId).add(userId);
            return Reply.noContent();
        }
        if (method.equals("DELETE")) {
            members.get(groupId).remove(userId);
            return Reply.noContent();
        }
        return error(405, "E0000022", "The endpoint does not support the provided HTTP method");
    }

    private Reply memberList(String groupId, Map<String, String> params) {
        if (!groups.containsKey(groupId)) {
            return notFound(groupId + " (UserGroup)");
        }
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", "1000"));
        } catch (NumberFormatException e) {
            return error(400, "E0000001", "Api validation failed: limit");
        }
        String after = params.get("after");
        List<String> ids = members.get(groupId).stream().sorted()
                .filter(id -> after == null || id.compareTo(after) > 0).toList();
        List<String> page = ids.subList(0, Math.min(limit, ids.size()));
        String self = baseUrl() + "/api/v1/groups/" + groupId + "/users?limit=" + limit
                + (after == null ? "" : "&after=" + after);
        Reply reply = Reply.json(200, page.stream().map(users::get).toList())
                .withAnother("Link", "<" + self + ">; rel=\"self\"");
        if (ids.size() > page.size()) {
            reply.withAnother("Link", "<" + baseUrl() + "/api/v1/groups/" + groupId + "/users?after="
                    + page.get(page.size() - 1) + "&limit=" + limit + ">; rel=\"next\"");
        }
        return reply;
    }

    private Reply searchGroups(Map<String, String> params) {
        List<Map<String, Object>> found = new ArrayList<>();
        String search = params.get("search");
        String q = params.get("q");
        if (search != null) {
            Matcher eq = NAME_EQ.matcher(search.strip());
            if (!eq.matches()) {
                return error(400, "E0000031", "Invalid search.");
            }
            String name = eq.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            groups.forEach((id, groupName) -> {
                if (groupName.equals(name)) {
                    found.add(group(id));
                }
            });
        } else {
            String prefix = q == null ? "" : q.toLowerCase(Locale.ROOT);
            groups.forEach((id, groupName) -> {
                if (groupName.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    found.add(group(id));
                }
            });
        }
        return Reply.json(200, found);
    }

    private Map<String, Object> user(String idOrLogin) {
        Map<String, Object> byId = users.get(idOrLogin);
        if (byId != null) {
            return byId;
        }
        for (Map<String, Object> user : users.values()) {
            Object login = ((Map<?, ?>) user.get("profile")).get("login");
            if (idOrLogin.equalsIgnoreCase(String.valueOf(login))) {
                return user;
            }
        }
        return null;
    }

    private Map<String, Object> group(String id) {
        return Map.of("id", id, "type", "OKTA_GROUP",
                "profile", Map.of("name", groups.get(id), "description", ""));
    }

    private Reply notFound(String what) {
        return error(404, "E0000007", "Not found: Resource not found: " + what);
    }

    private Reply error(int status, String code, String summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", code);
        body.put("errorSummary", summary);
        body.put("errorLink", code);
        body.put("errorId", "oae" + String.format("%019d", ++ids));
        body.put("errorCauses", List.of());
        return Reply.json(status, body);
    }

    private Reply rateLimited(Reply reply, int remaining) {
        return reply.with("X-Rate-Limit-Limit", String.valueOf(limit))
                .with("X-Rate-Limit-Remaining", String.valueOf(Math.max(0, remaining)))
                .with("X-Rate-Limit-Reset", String.valueOf(windowReset.getEpochSecond()));
    }

    private void rollWindow() {
        Instant now = clock.instant();
        if (windowReset == null || !now.isBefore(windowReset)) {
            windowReset = now.plus(WINDOW);
            usedInWindow = 0;
        }
    }
}
