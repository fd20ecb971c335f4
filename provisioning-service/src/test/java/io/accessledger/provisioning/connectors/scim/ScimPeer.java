package io.accessledger.provisioning.connectors.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.captaingoldfish.scim.sdk.common.constants.EndpointPaths;
import de.captaingoldfish.scim.sdk.common.constants.HttpHeader;
import de.captaingoldfish.scim.sdk.common.constants.enums.Comparator;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.filter.AttributeExpressionLeaf;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * An independent SCIM 2.0 service provider for tests: the Captain-P-Goldfish SCIM-SDK server
 * ({@link ResourceEndpoint}) behind the JDK's HTTP server on a real port, with in-memory Users and Groups. Filtering
 * (auto-filtering on both resource types) and PATCH semantics (including its Microsoft Azure workaround that turns a
 * {@code Remove} with a value list into a {@code members[value eq ...]} removal) are the library's; the handlers here
 * only store and hand back resources, and refuse a second user with the same userName (409).
 *
 * <p>Like a real service provider it serves requests concurrently (a few threads) and looks a user or group up by its
 * unique name through an index: a search whose filter is just {@code userName eq} (users) or {@code displayName eq}
 * (groups) gets only the resources of that name (compared ignoring case, as SCIM compares these attributes) as the
 * candidates the library filters, not every stored resource, and the uniqueness check of a create reads none. Reads
 * ({@code GET}) run side by side; a write (create, PATCH, PUT, DELETE) runs alone, so a PATCH's read-modify-write of a
 * group is never interleaved with another write. Before both, every search parsed every stored user and the peer
 * answered one request at a time: the limit of the end-to-end benchmark (docs/BENCHMARKS.md).
 *
 * <p>Every request needs {@code Authorization: Bearer <token>} (401 otherwise). {@link #failNext} answers the next
 * requests with 429 or 5xx; {@link #stop()} and {@link #restart()} take the target down and bring it back on the
 * same port with the same data. Used by {@code ScimConnectorTest} and by the deploy module's system test (test-jar).
 */
public final class ScimPeer {
    public static final String CONTEXT = "/scim/v2";

    private final String bearerToken;
    private final ResourceEndpoint endpoint;
    private final Store<User> users = new Store<>("userName", user -> user.getUserName().orElse(null));
    private final Store<Group> groups = new Store<>("displayName", group -> group.getDisplayName().orElse(null));
    /**
     * The {@code filter} of the search this thread is answering: with auto-filtering the library hands the handler no
     * filter (it filters what the handler lists), so the handler reads it here to narrow what it lists.
     */
    private static final ThreadLocal<String> SEARCH_FILTER = new ThreadLocal<>();
    /** Reads side by side, writes alone (the library's PATCH is a read-modify-write of the resource). */
    private final ReentrantReadWriteLock access = new ReentrantReadWriteLock();
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "scim-peer");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> patchBodies = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;
    private volatile String failureRetryAfter;
    private volatile Runnable beforeNextUserCreate;
    private final int port;
    private volatile HttpServer server;

    private ScimPeer(int port, String bearerToken) throws IOException {
        this.bearerToken = bearerToken;
        ServiceProvider serviceProvider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder().supported(true).maxResults(200).build())
                .patchConfig(PatchConfig.builder().supported(true).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder().name("OAuth Bearer Token")
                        .description("Authentication with a bearer token").type("oauthbearertoken").build()))
                .build();
        this.endpoint = new ResourceEndpoint(serviceProvider);
        UserHandler userHandler = new UserHandler(users);
        GroupHandler groupHandler = new GroupHandler(groups);
        ResourceType userType = endpoint.registerEndpoint(new UserEndpointDefinition(userHandler));
        ResourceType groupType = endpoint.registerEndpoint(new GroupEndpointDefinition(groupHandler));
        userHandler.registered = userType;
        groupHandler.registered = groupType;
        userType.getFeatures().setAutoFiltering(true);
        groupType.getFeatures().setAutoFiltering(true);
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    /** Starts a peer on {@code port} (0: any free port) that accepts only {@code bearerToken}. */
    public static ScimPeer start(int port, String bearerToken) {
        try {
            return new ScimPeer(port, bearerToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SCIM base URL, e.g. {@code http://127.0.0.1:40123/scim/v2}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + CONTEXT;
    }

    public int port() {
        return port;
    }

    /** Takes the target down: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Brings the target back on the same port, with the same users and groups. */
    public synchronized void restart() {
        stop();
        try {
            server = bind(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a group through the library (as an administrator would), returns its id. */
    public String createGroup(String displayName) {
        return create(EndpointPaths.GROUPS, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":" + JsonHelper.toJsonString(new com.fasterxml.jackson.databind.node.TextNode(
                        displayName)) + "}");
    }

    /** Creates a user through the library, returns its id. */
    public String createUser(String userName) {
        return create(EndpointPaths.USERS, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":" + JsonHelper.toJsonString(new com.fasterxml.jackson.databind.node.TextNode(
                        userName)) + ",\"active\":true}");
    }

    /**
     * Adds a user to a group as an administrator of the target would, behind AccessLedger's back (an RFC 7644
     * PATCH through the library, not counted among the requests received).
     */
    public void addMemberDirectly(String groupDisplayName, String userName) {
        String userId = users.byKey(userName).flatMap(User::getId)
                .orElseThrow(() -> new IllegalArgumentException("no user " + userName));
        patchDirectly(groupDisplayName, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + userId + "\"}]}");
    }

    /** Takes a user out of a group as an administrator of the target would, behind AccessLedger's back. */
    public void removeMemberDirectly(String groupDisplayName, String userName) {
        String userId = users.byKey(userName).flatMap(User::getId)
                .orElseThrow(() -> new IllegalArgumentException("no user " + userName));
        patchDirectly(groupDisplayName, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + userId
                + "\\\"]\"}");
    }

    private void patchDirectly(String groupDisplayName, String operation) {
        String groupId = groups.byKey(groupDisplayName).flatMap(Group::getId)
                .orElseThrow(() -> new IllegalArgumentException("no group " + groupDisplayName));
        ScimResponse response;
        access.writeLock().lock();
        try {
            response = endpoint.handleRequest(baseUrl() + EndpointPaths.GROUPS + "/" + groupId, HttpMethod.PATCH,
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                            + operation + "]}",
                    Map.of(HttpHeader.CONTENT_TYPE_HEADER, "application/scim+json"), new Context(null));
        } finally {
            access.writeLock().unlock();
        }
        if (response.getHttpStatus() >= 300) {
            throw new IllegalStateException("the peer refused " + operation + ": " + response);
        }
    }

    /** Makes a user appear right before the next user create the peer receives (the lookup-then-create race). */
    public void createUserBeforeNextCreate(String userName) {
        beforeNextUserCreate = () -> createUser(userName);
    }

    /** The user names of the group's members (a member that is no known user is listed by its id). */
    public List<String> members(String groupDisplayName) {
        Group group = groups.byKey(groupDisplayName)
                .orElseThrow(() -> new IllegalArgumentException("no group " + groupDisplayName));
        List<String> names = new ArrayList<>();
        for (Member member : group.getMembers()) {
            String id = member.getValue().orElse(null);
            names.add(users.byId(id).flatMap(User::getUserName).orElse(id));
        }
        return names;
    }

    /** The user with that userName, as the peer holds it. */
    public Optional<PeerUser> userByUserName(String userName) {
        return users.byKey(userName).map(user -> new PeerUser(user.getId().orElse(null), userName,
                user.getDisplayName().orElse(null), user.getExternalId().orElse(null),
                user.isActive().orElse(false),
                user.getEmails().stream().map(email -> email.getValue().orElse(null)).toList()));
    }

    /**
     * Whether a write holds the peer's lock now, and how many requests wait for it (reads and writes): what a
     * benchmark samples to see callers queue at the target. Observes only.
     */
    public boolean writing() {
        return access.isWriteLocked();
    }

    /** Requests waiting for the peer's lock now (see {@link #writing}). */
    public int waitingForLock() {
        return access.getQueueLength();
    }

    /** The raw bodies of the PATCH requests received, in order. */
    public List<String> patchRequests() {
        return List.copyOf(patchBodies);
    }

    /** Every request received (also refused ones), as {@code "METHOD /path?query"}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Answers the next {@code count} requests with {@code status} (e.g. 429, 503), and Retry-After if not null. */
    public void failNext(int count, int status, String retryAfter) {
        failureStatus = status;
        failureRetryAfter = retryAfter;
        failuresLeft.set(count);
    }

    /** A user as the peer holds it. */
    public record PeerUser(String id, String userName, String displayName, String externalId, boolean active,
            List<String> emails) {
    }

    private HttpServer bind(int onPort) throws IOException {
        HttpServer bound = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        bound.createContext(CONTEXT, this::handle);
        bound.setExecutor(threads);
        bound.start();
        return bound;
    }

    private String create(String path, String json) {
        ScimResponse response;
        access.writeLock().lock();
        try {
            response = endpoint.handleRequest(baseUrl() + path, HttpMethod.POST, json,
                    Map.of(HttpHeader.CONTENT_TYPE_HEADER, "application/scim+json"), new Context(null));
        } finally {
            access.writeLock().unlock();
        }
        if (response.getHttpStatus() != 201) {
            throw new IllegalStateException("the peer refused " + json + ": " + response);
        }
        return response.get("id").asText();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
            String method = exchange.getRequestMethod();
            requests.add(method + " " + target);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                if (failureRetryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", failureRetryAfter);
                }
                answer(exchange, failureStatus, error(failureStatus, "the peer was told to fail this request"));
                return;
            }
            if (!("Bearer " + bearerToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error(401, "bearer token missing or not accepted"));
                return;
            }
            if ("PATCH".equals(method)) {
                patchBodies.add(body);
            }
            if ("POST".equals(method) && target.endsWith(EndpointPaths.USERS) && beforeNextUserCreate != null) {
                Runnable race = beforeNextUserCreate;
                beforeNextUserCreate = null;
                race.run();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            ScimResponse response;
            Lock lock = "GET".equals(method) ? access.readLock() : access.writeLock();
            lock.lock();
            SEARCH_FILTER.set("GET".equals(method) ? filterOf(query) : null);
            try {
                response = endpoint.handleRequest(baseUrl().replace(CONTEXT, "") + target,
                        HttpMethod.valueOf(method), body.isEmpty() ? null : body, headers, new Context(null));
            } finally {
                SEARCH_FILTER.remove();
                lock.unlock();
            }
            response.getHttpHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            answer(exchange, response.getHttpStatus(), response.toString());
        }
    }

    /** The {@code filter} parameter of a raw query string, decoded; null without one. */
    private static String filterOf(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith("filter=")) {
                return URLDecoder.decode(parameter.substring("filter=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String error(int status, String detail) {
        return new ErrorResponse(new ScimException(detail, null, status, null) {
        }).toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/scim+json");
        if (status == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * Resources by id, kept as JSON so the library never shares an instance between requests, with an index of their
     * unique names ({@code keyAttribute}: the name a create must not repeat, and a filter may look up).
     */
    private static final class Store<T extends ResourceNode> {
        private final Map<String, String> byId = new ConcurrentHashMap<>();
        /** The unique name of each stored resource, by id. */
        private final Map<String, String> keyOfId = new ConcurrentHashMap<>();
        private final String keyAttribute;
        private final Function<T, String> uniqueKey;
        private volatile Class<T> type;

        Store(String keyAttribute, Function<T, String> uniqueKey) {
            this.keyAttribute = keyAttribute;
            this.uniqueKey = uniqueKey;
        }

        synchronized T create(T resource, String resourceType) {
            type = type == null ? castClass(resource) : type;
            String key = uniqueKey.apply(resource);
            if (key != null && byKey(key).isPresent()) {
                throw new ConflictException(resourceType + " '" + key + "' already exists", "uniqueness");
            }
            String id = UUID.randomUUID().toString();
            resource.setId(id);
            Instant now = Instant.now();
            Optional<Meta> meta = resource.getMeta();
            if (meta.isPresent()) {
                meta.get().setResourceType(resourceType);
                meta.get().setCreated(now);
                meta.get().setLastModified(now);
            } else {
                resource.setMeta(Meta.builder().resourceType(resourceType).created(now).lastModified(now).build());
            }
            byId.put(id, resource.toString());
            index(id, key);
            return read(id).orElseThrow();
        }

        private void index(String id, String key) {
            if (key == null) {
                keyOfId.remove(id);
            } else {
                keyOfId.put(id, key);
            }
        }

        synchronized T update(T resource) {
            String id = resource.getId().orElseThrow();
            if (!byId.containsKey(id)) {
                throw new ResourceNotFoundException("no resource " + id);
            }
            resource.getMeta().ifPresent(meta -> meta.setLastModified(Instant.now()));
            byId.put(id, resource.toString());
            index(id, uniqueKey.apply(resource));
            return read(id).orElseThrow();
        }

        Optional<T> byId(String id) {
            return id == null ? Optional.empty() : read(id);
        }

        Optional<T> byKey(String key) {
            return keyOfId.entrySet().stream().filter(entry -> key.equals(entry.getValue())).findFirst()
                    .flatMap(entry -> read(entry.getKey()));
        }

        List<T> all() {
            return byId.keySet().stream().map(this::read).flatMap(Optional::stream).toList();
        }

        /**
         * What the library's filter has to look at: for {@code <keyAttribute> eq "v"} alone, the resources whose
         * unique name equals {@code v} ignoring case (a superset of the matches whatever the attribute's caseExact);
         * for any other filter, every resource.
         */
        List<T> candidates(FilterNode filter) {
            if (filter instanceof AttributeExpressionLeaf leaf && leaf.getComparator() == Comparator.EQ
                    && leaf.getParentAttributeName() == null && keyAttribute.equals(leaf.getAttributeName())
                    && leaf.getStringValue().isPresent()) {
                String value = leaf.getStringValue().get();
                return keyOfId.entrySet().stream().filter(entry -> value.equalsIgnoreCase(entry.getValue()))
                        .map(entry -> read(entry.getKey())).flatMap(Optional::stream).toList();
            }
            return all();
        }

        synchronized void delete(String id) {
            if (byId.remove(id) == null) {
                throw new ResourceNotFoundException("no resource " + id);
            }
            keyOfId.remove(id);
        }

        private Optional<T> read(String id) {
            String json = byId.get(id);
            return json == null ? Optional.empty() : Optional.of(JsonHelper.readJsonDocument(json, type));
        }

        @SuppressWarnings("unchecked")
        private Class<T> castClass(T resource) {
            return (Class<T>) resource.getClass();
        }
    }

    /** In-memory resource handling; filtering and PATCH are the library's. */
    private abstract static class StoreHandler<T extends ResourceNode> extends ResourceHandler<T> {
        private final Store<T> store;
        private final String resourceType;
        /** The registered resource type, to parse a search's filter as the library does. */
        volatile ResourceType registered;

        StoreHandler(Store<T> store, String resourceType) {
            this.store = store;
            this.resourceType = resourceType;
        }

        @Override
        public T createResource(T resource, Context context) {
            return store.create(resource, resourceType);
        }

        @Override
        public T getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded,
                Context context) {
            return store.byId(id).orElse(null);
        }

        @Override
        public PartialListResponse<T> listResources(long startIndex, int count, FilterNode filter,
                SchemaAttribute sortBy, SortOrder sortOrder, List<SchemaAttribute> attributes,
                List<SchemaAttribute> excluded, Context context) {
            List<T> found = store.candidates(filter != null ? filter : searchFilter());
            return PartialListResponse.<T>builder().resources(found).totalResults(found.size()).build();
        }

        /** The current search's filter as the library parses it; null without one (or one it cannot parse). */
        private FilterNode searchFilter() {
            String raw = SEARCH_FILTER.get();
            if (raw == null || registered == null) {
                return null;
            }
            try {
                return RequestUtils.parseFilter(registered, raw);
            } catch (RuntimeException unparsable) {
                return null; // the library refuses it itself
            }
        }

        @Override
        public T updateResource(T resource, Context context) {
            return store.update(resource);
        }

        @Override
        public void deleteResource(String id, Context context) {
            store.delete(id);
        }
    }

    private static final class UserHandler extends StoreHandler<User> {
        UserHandler(Store<User> store) {
            super(store, "User");
        }
    }

    private static final class GroupHandler extends StoreHandler<Group> {
        GroupHandler(Store<Group> store) {
            super(store, "Group");
        }
    }
}
