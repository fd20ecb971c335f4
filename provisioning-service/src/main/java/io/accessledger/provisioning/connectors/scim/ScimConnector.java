package io.accessledger.provisioning.connectors.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.ApiConstants;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.TargetProblem;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.outbound.RetryAfter;
import io.accessledger.provisioning.connectors.http.TargetHttp;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Carries grants to a SCIM 2.0 service provider (RFC 7643/7644) through the UnboundID/Ping SCIM 2 SDK
 * ({@link ScimService} over a Jersey client on the JDK {@code HttpClient}).
 *
 * <p>Grant: find the user by {@code userName eq "<login>"}, create it when absent ({@code userName}, {@code name},
 * {@code displayName}, {@code emails}, {@code active}, {@code externalId} = employee id; a 409 means someone created
 * it meanwhile, so look again) — after finding the mapped group by {@code displayName eq} (absent: permanent, and
 * no account is created) — then ask the target
 * whether the user is already a member ({@code id eq "<group>" and members[value eq "<user>"]}; yes: done), otherwise
 * PATCH that one member into the group. Revoke: no user or not a member is done; otherwise PATCH that one member out.
 * Never a PUT or a replace of the member list. The PATCH shape follows the target's {@link ScimDialect}.
 *
 * <p>Each call is one attempt with the target's {@code timeout}; the bearer {@code token} goes only into the
 * {@code Authorization} header, never into a message. Nothing is cached across calls except one Jersey client per
 * time-out (connection pool) and, per target (base URL, token, time-out), one configured {@code WebTarget} and its
 * {@link ScimService}: registering the filters on a new {@code WebTarget} for every call made Jersey build a client
 * runtime (providers, service lookups) every time, the largest cost of a grant in the end-to-end profile
 * (docs/BENCHMARKS.md). No state about users or groups is kept.
 */
@Component
public class ScimConnector implements Connector, AutoCloseable {
    public static final String TYPE = "scim";
    private static final String USERS = "Users";
    private static final String GROUPS = "Groups";
    private static final String MEMBERS = "members";
    static final int PAGE_SIZE = 100;

    private final Clock clock;
    private final Map<Duration, Client> clients = new ConcurrentHashMap<>();
    private final Map<Endpoint, Configured> configured = new ConcurrentHashMap<>();
    /** The call in progress on this thread: the response filter notes its Retry-After (calls are synchronous). */
    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    /** What a configured target depends on: a changed base URL, token or time-out gets its own. */
    private record Endpoint(String baseUrl, String token, Duration timeout) {
    }

    /** A target's {@code WebTarget} with its filters registered once, and the SDK service over it. */
    private record Configured(WebTarget base, ScimService scim) {
    }

    @Autowired
    public ScimConnector() {
        this(Clock.systemUTC());
    }

    /** With the clock that turns a Retry-After date into a wait. */
    public ScimConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<TargetProblem> check(TargetSettings target) {
        List<TargetProblem> dialect = ScimDialect.known(target.dialect()) ? List.of() : List.of(TargetProblem.of(
                target.id(), "dialect", "'" + target.dialect() + "' is not a SCIM dialect",
                "set dialect: rfc, okta or entra (or leave it out: rfc)"));
        return TargetProblem.all(target.needs("baseUrl", target.baseUrl(), "https://scim.example.com/scim/v2"),
                target.needs("token", target.token(), "${SCIM_TOKEN} (the bearer token, from the environment)"),
                dialect, target.needsGroups());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Result grant(Assignment assignment, TargetSettings target) {
        String groupName = target.groupFor(assignment.entitlement());
        ScimDialect dialect = ScimDialect.of(target.id(), target.dialect());
        Call call = open(target);
        String login = login(assignment, target);
        // The group first: a target without it gets no account created for nothing.
        GroupResource group = findGroup(call, groupName).orElseThrow(() -> ConnectorFailure.permanent(
                "SCIM target '" + target.id() + "' has no group named '" + groupName + "' (for "
                        + assignment.entitlement() + ")"));
        UserResource user = findUser(call, login).orElseGet(() -> createUser(call, assignment, login));
        String reference = USERS + "/" + user.getId() + " in " + GROUPS + "/" + group.getId();
        if (!isMember(call, group.getId(), user.getId())) {
            call.patch(group.getId(), dialect, dialect.addMember(user.getId(), login), "adding " + reference);
        }
        return new Result.Done(reference);
    }

    @Override
    public Result revoke(Assignment assignment, TargetSettings target) {
        target.groupFor(assignment.entitlement()); // an unmapped entitlement fails before any call
        Call call = open(target);
        String login = login(assignment, target);
        Optional<UserResource> user = findUser(call, login);
        if (user.isEmpty()) {
            return new Result.Done(USERS + "?userName=" + login + " absent");
        }
        return removeFromGroup(call, target, assignment.entitlement(), user.get().getId());
    }

    /** Revoke's second half, by the member's SCIM id: the PATCH that takes only that member out, if a member. */
    @Override
    public Result removeMember(TargetSettings target, Entitlement entitlement, Member member) {
        return removeFromGroup(open(target), target, entitlement, member.targetId());
    }

    private Result removeFromGroup(Call call, TargetSettings target, Entitlement entitlement, String userId) {
        String groupName = target.groupFor(entitlement);
        ScimDialect dialect = ScimDialect.of(target.id(), target.dialect());
        GroupResource group = findGroup(call, groupName).orElseThrow(() -> ConnectorFailure.permanent(
                "SCIM target '" + target.id() + "' has no group named '" + groupName + "' (for " + entitlement
                        + ")"));
        String reference = USERS + "/" + userId + " in " + GROUPS + "/" + group.getId();
        if (isMember(call, group.getId(), userId)) {
            call.patch(group.getId(), dialect, dialect.removeMember(userId), "removing " + reference);
        }
        return new Result.Done(reference);
    }

    /**
     * One page of the mapped group's members. RFC 7644 has no paging of a group's member list, so the pages are the
     * target's {@code /Users} listing ({@code startIndex}/{@code count}, {@value #PAGE_SIZE} a page, only {@code id}
     * and {@code userName}) kept to the users the group names; the cursor is the next {@code startIndex}.
     */
    @Override
    public MembersPage members(TargetSettings target, Entitlement entitlement, String cursor) {
        String groupName = target.groupFor(entitlement);
        Call call = open(target);
        GroupResource group = call.run("reading group '" + groupName + "'", () -> first(call.scim.searchRequest(GROUPS)
                .filter(Filter.eq("displayName", groupName)).attributes("id", "members")
                .invoke(GroupResource.class))).orElseThrow(() -> ConnectorFailure.permanent("SCIM target '"
                        + target.id() + "' has no group named '" + groupName + "' (for " + entitlement + ")"));
        java.util.Set<String> memberIds = new java.util.HashSet<>();
        if (group.getMembers() != null) {
            group.getMembers().forEach(member -> memberIds.add(member.getValue()));
        }
        int startIndex = cursor == null ? 1 : Integer.parseInt(cursor);
        ListResponse<UserResource> users = call.run("listing users from " + startIndex, () -> call.scim
                .searchRequest(USERS).page(startIndex, PAGE_SIZE).attributes("id", "userName")
                .invoke(UserResource.class));
        List<UserResource> read = users.getResources() == null ? List.of() : users.getResources();
        List<Member> members = read.stream().filter(user -> memberIds.contains(user.getId()))
                .map(user -> new Member(user.getId(), user.getUserName())).toList();
        int nextIndex = startIndex + read.size();
        boolean more = !read.isEmpty() && nextIndex <= users.getTotalResults();
        return new MembersPage(members, more ? Integer.toString(nextIndex) : null);
    }

    private static String login(Assignment assignment, TargetSettings target) {
        if (assignment.login() == null || assignment.login().isBlank()) {
            throw ConnectorFailure.permanent("No login (userName) known for " + assignment.employeeId()
                    + " to provision on SCIM target '" + target.id() + "'");
        }
        return assignment.login();
    }

    private Optional<UserResource> findUser(Call call, String login) {
        return call.run("looking up user " + login, () -> {
            ListResponse<UserResource> found = call.scim.searchRequest(USERS)
                    .filter(Filter.eq("userName", login)).invoke(UserResource.class);
            return first(found);
        });
    }

    private UserResource createUser(Call call, Assignment assignment, String login) {
        UserResource user = new UserResource().setUserName(login);
        String displayName = assignment.displayName() == null || assignment.displayName().isBlank() ? login
                : assignment.displayName();
        user.setDisplayName(displayName);
        user.setName(new Name().setFormatted(displayName));
        user.setEmails(List.of(new Email().setValue(login).setType("work").setPrimary(true)));
        user.setActive(true);
        user.setExternalId(assignment.employeeId() == null ? null : assignment.employeeId().value());
        try {
            return call.noting(() -> call.scim.create(USERS, user));
        } catch (ScimException refused) {
            if (status(refused) != 409) {
                throw call.failure("creating user " + login, refused);
            }
        } catch (ProcessingException unreachable) {
            throw call.unreachable("creating user " + login, unreachable);
        }
        // 409: the user appeared between our lookup and our create.
        return findUser(call, login).orElseThrow(() -> ConnectorFailure.permanent("SCIM target '" + call.targetId
                + "' refused to create user " + login + " as a conflict (409), yet finds no user with that userName"));
    }

    private Optional<GroupResource> findGroup(Call call, String displayName) {
        return call.run("looking up group '" + displayName + "'", () -> first(call.scim.searchRequest(GROUPS)
                .filter(Filter.eq("displayName", displayName)).excludedAttributes("members")
                .invoke(GroupResource.class)));
    }

    /** Asks the target itself, so a group of any size is never read whole. */
    private boolean isMember(Call call, String groupId, String userId) {
        return call.run("checking membership of " + userId + " in " + groupId, () -> call.scim.searchRequest(GROUPS)
                .filter(Filter.and(Filter.eq("id", groupId),
                        Filter.hasComplexValue("members", Filter.eq("value", userId))))
                .excludedAttributes("members").invoke(GroupResource.class).getTotalResults() > 0);
    }

    private static <T> Optional<T> first(ListResponse<T> found) {
        return found.getResources() == null || found.getResources().isEmpty() ? Optional.empty()
                : Optional.of(found.getResources().get(0));
    }

    private static int status(ScimException e) {
        Integer status = e.getScimError() == null ? null : e.getScimError().getStatus();
        return status == null ? 0 : status;
    }

    private Call open(TargetSettings target) {
        String baseUrl = target.required("baseUrl", target.baseUrl());
        String token = target.required("token", target.token());
        Configured endpoint = configured.computeIfAbsent(new Endpoint(baseUrl, token, target.timeout()), key -> {
            WebTarget base = clients.computeIfAbsent(key.timeout(), ScimConnector::newClient).target(key.baseUrl())
                    .register((jakarta.ws.rs.client.ClientRequestFilter) request -> request.getHeaders()
                            .putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + key.token()))
                    .register((ClientResponseFilter) (request, response) -> {
                        Call current = CURRENT.get();
                        if (current != null) {
                            current.retryAfter = response.getHeaderString("Retry-After");
                        }
                    });
            return new Configured(base, new ScimService(base));
        });
        Call call = new Call(target.id(), clock);
        call.attach(endpoint.scim(), endpoint.base());
        return call;
    }

    private static Client newClient(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        ClientConfig config = new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider())
                .property(ClientProperties.CONNECT_TIMEOUT, millis)
                .property(ClientProperties.READ_TIMEOUT, millis);
        return ClientBuilder.newClient(config);
    }

    @Override
    public void close() {
        configured.clear();
        clients.values().forEach(Client::close);
        clients.clear();
    }

    /** One connector call against one target: its SDK service and the last Retry-After the target sent. */
    private static final class Call {
        private final String targetId;
        private final Clock clock;
        private volatile String retryAfter;
        private ScimService scim;
        private WebTarget base;

        Call(String targetId, Clock clock) {
            this.targetId = targetId;
            this.clock = clock;
        }

        void attach(ScimService service, WebTarget target) {
            this.scim = service;
            this.base = target;
        }

        <T> T run(String what, ScimCall<T> call) {
            try {
                return noting(call);
            } catch (ScimException refused) {
                throw failure(what, refused);
            } catch (ProcessingException unreachable) {
                throw unreachable(what, unreachable);
            }
        }

        /** Makes the request(s) of {@code call} with this call's Retry-After noted by the shared response filter. */
        <T> T noting(ScimCall<T> call) throws ScimException {
            Call outer = CURRENT.get();
            CURRENT.set(this);
            try {
                return call.invoke();
            } finally {
                CURRENT.set(outer);
            }
        }

        /**
         * PATCHes one operation into the group, asking for the group back without its members ({@code
         * excludedAttributes=members}, RFC 7644 3.9, which a service provider must support): a target that answers
         * 200 with the resource would otherwise write, and the SDK parse, every member of a group of any size for
         * each membership changed (the end-to-end profile's largest SCIM cost, docs/BENCHMARKS.md); one that answers
         * 204 is unaffected. RFC and Okta shapes are the SDK's own {@link PatchOperation}s; the
         * SDK writes ops in lowercase only, so Entra's capitalised ops go as the SDK's {@link PatchRequest} schema
         * with the operation as given, through the same client, and the answer is read as the SDK's
         * {@link ErrorResponse}.
         */
        void patch(String groupId, ScimDialect dialect, ObjectNode operation, String what) {
            run(what, () -> {
                if (dialect != ScimDialect.ENTRA) {
                    PatchOperation op;
                    try {
                        op = JsonUtils.nodeToValue(operation, PatchOperation.class);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException notAnOperation) {
                        throw new IllegalStateException("not a SCIM patch operation: " + operation, notAnOperation);
                    }
                    scim.modifyRequest(GROUPS, groupId).addOperation(op).excludedAttributes(MEMBERS)
                            .invoke(GroupResource.class);
                    return null;
                }
                ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
                body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
                body.putArray("Operations").add(operation);
                try (Response response = base.path(GROUPS).path(groupId)
                        .queryParam(ApiConstants.QUERY_PARAMETER_EXCLUDED_ATTRIBUTES, MEMBERS).request()
                        .accept(ApiConstants.MEDIA_TYPE_SCIM, MediaType.APPLICATION_JSON)
                        .method("PATCH", Entity.entity(body, ApiConstants.MEDIA_TYPE_SCIM))) {
                    if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                        throw errorOf(response);
                    }
                }
                return null;
            });
        }

        private static ScimException errorOf(Response response) {
            try {
                ErrorResponse error = response.readEntity(ErrorResponse.class);
                return error == null ? ScimException.createException(response.getStatus(), null)
                        : ScimException.createException(error, null);
            } catch (ProcessingException unreadable) {
                return ScimException.createException(response.getStatus(),
                        response.getStatusInfo().getReasonPhrase());
            }
        }

        ConnectorFailure failure(String what, ScimException refused) {
            int status = status(refused);
            ErrorResponse error = refused.getScimError();
            String detail = error == null || error.getDetail() == null ? "" : ": " + error.getDetail();
            String answer = "SCIM target '" + targetId + "' answered " + status + " to " + what + detail;
            if (TargetHttp.isTransient(status)) {
                return ConnectorFailure.transientFailure(answer, RetryAfter.fromHeader(retryAfter, clock), refused);
            }
            return ConnectorFailure.permanent(answer);
        }

        ConnectorFailure unreachable(String what, ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ConnectorFailure.transientFailure("SCIM target '" + targetId + "' unreachable while " + what
                    + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), null, e);
        }
    }

    @FunctionalInterface
    private interface ScimCall<T> {
        T invoke() throws ScimException;
    }
}
