package io.accessledger.provisioning.grants;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.model.Entitlement;
import io.accessledger.provisioning.connectors.Assignment;
import io.accessledger.provisioning.connectors.Connector;
import io.accessledger.provisioning.connectors.ConnectorFailure;
import io.accessledger.provisioning.connectors.ManualConnector;
import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.spine.ids.NewIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the connector calls the grants scheduled: it leases the due rows of {@link ProvisioningQueueStore}, calls each
 * target's connector on a pool of its own (never on a Kafka consumer or web thread), and reports what came of
 * it to the grant ({@link Grant.RecordAttempt}), which decides what follows. It looks for due rows as soon as a call
 * due now is scheduled (after that transaction commits) and, when its last look may have left due calls behind (it
 * filled the room it had, or had none), as soon as one of its calls ends, so a backlog drains at the speed of the
 * calls, not of the poll, and a call that ends after a look that took every due call looks for nothing; the poll
 * ({@code poll-every}) still finds what those signals cannot: calls due later (retries) and rows whose lease ran out. The lease is short ({@code lease}) and renewed every third of it
 * while the call runs, for at most {@code max-hold}: a worker that dies (a {@code kill -9}) lets its rows go after one
 * lease, and a call that hangs past {@code max-hold} lets its row go too. Either way the call is made again, and the
 * connector, idempotent per grant, finds the work done. At most {@code threads} calls run at once in this instance,
 * and at most a target's {@code concurrency} ({@link TargetSettings#DEFAULT_CONCURRENCY} unless set) to that target:
 * each look takes, in one query per target with room, as many due rows of that target as it has free calls (rows of a
 * target no longer configured share one allowance of the default size). Counts every attempt in
 * {@code accessledger.provisioning.attempts{target, operation, outcome}}, and shows the calls running in
 * {@code accessledger.provisioning.worker.calls} (against {@code threads}: a worker whose calls sit at {@code threads}
 * while the queue grows is bounded by its concurrency, not by the target).
 */
@Component
public class ConnectorWorker implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ConnectorWorker.class);
    private final ProvisioningQueueStore queue;
    private final Targets targets;
    private final Map<String, Connector> connectors;
    private final PeopleView people;
    private final CommandGateway commands;
    private final Clock clock;
    private final MeterRegistry meters;
    private final WorkerSettings settings;
    private final ExecutorService pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Calls running, by target id (a target no longer configured counts under {@link #UNCONFIGURED}). */
    private final Map<String, AtomicInteger> inFlightByTarget = new ConcurrentHashMap<>();
    private static final String UNCONFIGURED = "";
    /** Whether the last look at the waiting targets found one without settings ({@link #poll}). */
    private volatile boolean unconfiguredWaiting = true;
    /**
     * The configured targets the worker's own next look takes for: those a committed transaction scheduled calls of
     * ({@link #lookFor}), and those whose last take may have left due calls behind (it filled the room it had, or had
     * none). A call that ends looks again only while this is not empty; a target whose last take found fewer due calls
     * than it had room for had them all, and one scheduled since names its target here itself.
     */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** This worker's name on the rows it leases; the calls it is making, by grant id, with when each was taken. */
    private final String worker = "worker-" + UUID.randomUUID();
    private final Map<String, Instant> calling = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper;
    private final ExecutorService looker;
    private final AtomicBoolean lookPending = new AtomicBoolean();

    /**
     * {@code accessledger.provisioning.worker}: how many calls at once in this instance, all targets together (each
     * target also has its own {@code concurrency}), how long a lease runs unless it is renewed (renewed every third
     * of it while the call runs), and for how long at most one call keeps renewing its row.
     */
    public record WorkerSettings(@DefaultValue("4") int threads, @DefaultValue("PT30S") Duration lease,
            @DefaultValue("PT2M") Duration maxHold) {
        public WorkerSettings {
            maxHold = maxHold == null ? Duration.ofMinutes(2) : maxHold;
        }
    }

    @Autowired
    public ConnectorWorker(ProvisioningQueueStore queue, Targets targets, List<Connector> connectors,
            PeopleView people, CommandGateway commands, Clock clock, MeterRegistry meters,
            WorkerSettings settings) {
        this(queue, targets, connectors, people, commands, clock, meters, settings, calls(settings.threads()),
                Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "connector-looker");
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    /** With the pool the calls run on and the executor of the worker's own looks (a test runs them step by step). */
    ConnectorWorker(ProvisioningQueueStore queue, Targets targets, List<Connector> connectors, PeopleView people,
            CommandGateway commands, Clock clock, MeterRegistry meters, WorkerSettings settings, ExecutorService pool,
            ExecutorService looker) {
        this.queue = queue;
        this.targets = targets;
        this.connectors = connectors.stream().collect(Collectors.toMap(Connector::type, Function.identity()));
        this.people = people;
        this.commands = commands;
        this.clock = clock;
        this.meters = meters;
        this.settings = settings;
        this.pool = pool;
        this.keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "connector-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, settings.lease().toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        this.looker = looker;
        Gauge.builder("accessledger.provisioning.worker.calls", inFlight, AtomicInteger::get)
                .description("Connector calls running in this instance (at most worker.threads)").register(meters);
        queue.whenDue(this::lookFor);
    }

    private static ExecutorService calls(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "connector-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Renews the leases of the calls still running that have not yet held their row for {@code max-hold}. */
    void renewLeases() {
        Instant now = clock.instant();
        List<String> running = calling.entrySet().stream()
                .filter(call -> call.getValue().plus(settings.maxHold()).isAfter(now)).map(Map.Entry::getKey)
                .toList();
        try {
            queue.renew(worker, running, now.plus(settings.lease()));
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of {} connector calls (they run out and are taken again): {}",
                    running.size(), e.getMessage());
        }
    }

    /** Asks for a look at these targets' due calls (calls of them were scheduled and committed): see {@link #lookSoon}. */
    void lookFor(Collection<String> scheduledTargets) {
        wanted.addAll(scheduledTargets);
        lookSoon();
    }

    /** Asks for a look at the queue on the worker's own thread (at most one waiting): never blocks the caller. */
    void lookSoon() {
        if (lookPending.compareAndSet(false, true)) {
            try {
                looker.execute(() -> {
                    lookPending.set(false);
                    try {
                        poll(false);
                    } catch (RuntimeException e) {
                        log.warn("Could not look for due connector calls now (the poll tries again): {}",
                                e.getMessage());
                    }
                });
            } catch (RejectedExecutionException stopped) {
                lookPending.set(false);
            }
        }
    }

    /**
     * The scheduled look, for retries whose back-off ran out, leases that ran out (a worker that died) and calls queued
     * by another instance: one query when nothing is due, the takes only when something is (calls queued here wake the
     * worker at once through {@link #lookSoon}).
     */
    @Scheduled(fixedDelayString = "${accessledger.provisioning.worker.poll-every:PT1S}", initialDelayString = "PT1S")
    public void pollIfDue() {
        if (queue.anyDue(clock.instant())) {
            poll(true);
        }
    }

    /**
     * Takes the due calls of each configured target, within its allowance, then those of targets without settings
     * (a revocation on a target removed from the configuration goes to a person), which share one allowance: the
     * latter only when the queue has waiting rows of such a target, found without reading the configured targets'
     * rows. The scheduled look ({@code scheduled}) takes for every configured target and asks which targets have
     * waiting rows; the worker's own looks (a call queued or finished here) take only for the {@link #wanted}
     * targets (one whose calls were just scheduled, or whose last take may have left some: each take is a statement,
     * and a look for every configured target made one that found nothing for each target without new calls), and ask
     * for the waiting targets only while the last answer named a target without settings, or a call of one was
     * scheduled here: otherwise such a call waits for the scheduled look (at most {@code poll-every}), as one queued by
     * another instance does.
     */
    public synchronized void poll(boolean scheduled) {
        Instant now = clock.instant();
        Map<String, TargetSettings> configured = targets.targets();
        for (TargetSettings target : configured.values()) {
            if (wanted.remove(target.id()) | scheduled) {
                take(target.id(), target.concurrency(), target.id(), now);
            }
        }
        for (String target : wanted) {
            if (!configured.containsKey(target) && !UNCONFIGURED.equals(target) && wanted.remove(target)) {
                unconfiguredWaiting = true;
            }
        }
        if (wanted.remove(UNCONFIGURED) | scheduled || unconfiguredWaiting) {
            if (roomNoting(UNCONFIGURED, TargetSettings.DEFAULT_CONCURRENCY, UNCONFIGURED) > 0) {
                boolean found = false;
                for (String waiting : queue.waitingTargets()) {
                    if (!configured.containsKey(waiting)) {
                        found = true;
                        take(UNCONFIGURED, TargetSettings.DEFAULT_CONCURRENCY, waiting, now);
                    }
                }
                unconfiguredWaiting = found;
            }
        }
    }

    /** How many more calls may start: the room in the pool and in the allowance of {@code allowanceKey}. */
    private int room(String allowanceKey, int concurrency) {
        AtomicInteger ofTarget = inFlightByTarget.computeIfAbsent(allowanceKey, key -> new AtomicInteger());
        return Math.min(settings.threads() - inFlight.get(), concurrency - ofTarget.get());
    }

    /**
     * How many more calls may start for {@code allowanceKey}; when none, {@code wantedKey} is noted in {@link #wanted}
     * and the room looked at again: a call that ended after the first look but found {@link #wanted} empty is seen by
     * the second (its count goes down before it reads the set), so no ended call's room goes unused until the poll.
     */
    private int roomNoting(String allowanceKey, int concurrency, String wantedKey) {
        int free = room(allowanceKey, concurrency);
        if (free > 0) {
            return free;
        }
        wanted.add(wantedKey);
        return room(allowanceKey, concurrency);
    }

    /**
     * Takes and starts as many due calls of the target {@code targetId} as there is room for, both in the pool and in
     * the allowance of {@code allowanceKey}; when it had no room or filled it, due calls may be left, and the target
     * (or, without settings, the shared allowance) is noted in {@link #wanted} for the next look.
     */
    private void take(String allowanceKey, int concurrency, String targetId, Instant now) {
        String wantedKey = UNCONFIGURED.equals(allowanceKey) ? UNCONFIGURED : targetId;
        int free = roomNoting(allowanceKey, concurrency, wantedKey);
        if (free <= 0) {
            return;
        }
        AtomicInteger ofTarget = inFlightByTarget.get(allowanceKey);
        List<ProvisioningQueueStore.DueCall> taken = queue.take(worker, now, now.plus(settings.lease()), free,
                targetId);
        if (taken.size() >= free) {
            wanted.add(wantedKey);
        }
        for (ProvisioningQueueStore.DueCall call : taken) {
            inFlight.incrementAndGet();
            ofTarget.incrementAndGet();
            calling.put(call.grantId(), now);
            pool.execute(() -> {
                try {
                    attempt(call);
                } finally {
                    calling.remove(call.grantId());
                    ofTarget.decrementAndGet();
                    inFlight.decrementAndGet();
                    if (!wanted.isEmpty()) {
                        lookSoon();
                    }
                }
            });
        }
    }

    /** One call to the target, and its report to the grant. */
    void attempt(ProvisioningQueueStore.DueCall call) {
        Optional<TargetSettings> target = targets.target(call.target());
        String type = target.map(TargetSettings::type).orElse(null);
        Connector connector = type == null ? null : connectors.get(type);
        if (connector == null && call.operation() == Grant.Operation.REVOKE) {
            // Access must go whatever became of the target's configuration: by hand.
            connector = connectors.get(ManualConnector.TYPE);
            type = ManualConnector.TYPE;
        }
        Connector.Result result = null;
        ConnectorFailure failure;
        try {
            if (connector == null) {
                throw ConnectorFailure.permanent(type == null ? "No provisioning target '" + call.target()
                        + "' is configured" : "No connector for target type '" + type + "'");
            }
            Assignment assignment = assignment(call, !ManualConnector.TYPE.equals(type));
            TargetSettings settingsOfTarget = target.orElse(null);
            result = call.operation() == Grant.Operation.GRANT ? connector.grant(assignment, settingsOfTarget)
                    : connector.revoke(assignment, settingsOfTarget);
            failure = null;
        } catch (ConnectorFailure f) {
            failure = f;
        } catch (RuntimeException e) {
            // An unexpected error is not the target's refusal: worth another attempt.
            failure = ConnectorFailure.transientFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
        }
        String outcome = failure == null ? (result instanceof Connector.Result.Done ? "done" : "handed-to-person")
                : failure.isTransient() ? "transient-failure" : "permanent-failure";
        Counter.builder("accessledger.provisioning.attempts").description("Connector calls, by what came of them")
                .tag("target", call.target()).tag("operation", call.operation().name().toLowerCase())
                .tag("outcome", outcome).register(meters).increment();
        if (failure != null) {
            log.warn("{} of grant {} on target {} (attempt {}) failed{}: {}", call.operation(), call.grantId(),
                    call.target(), call.attempt(), failure.isTransient() ? " transiently" : "", failure.answer());
        }
        try {
            commands.sendAndWait(new Grant.RecordAttempt(GrantId.of(call.grantId()), call.operation(), call.attempt(),
                    type, result, failure == null ? null : failure.answer(), failure != null && failure.isTransient(),
                    failure == null ? null : failure.retryAfter(), ThreadLocalRandom.current().nextDouble(),
                    NewIds.commandId(), clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Could not record attempt {} of grant {} (the lease runs out and it is tried again): {}",
                    call.attempt(), call.grantId(), e.getMessage());
        }
    }

    /** Who is granted what; a connector that works on a target needs the person's sign-in name. */
    private Assignment assignment(ProvisioningQueueStore.DueCall call, boolean needsLogin) {
        EmployeeId employee = EmployeeId.of(call.employeeId());
        Optional<PeopleView.Person> person = people.person(employee);
        if (needsLogin && person.isEmpty()) {
            throw ConnectorFailure.transientFailure("No sign-in name (e-mail) is known for " + employee
                    + " yet: no identity event with one has arrived", null, null);
        }
        return new Assignment(GrantId.of(call.grantId()), employee, person.map(PeopleView.Person::email)
                .orElse(null), person.map(PeopleView.Person::name).orElse(null),
                Entitlement.parse(call.entitlement()), ProvisioningQueueStore.employee(call.resourceOwner()));
    }

    @Override
    public void destroy() {
        keeper.shutdownNow();
        looker.shutdownNow();
        pool.shutdownNow();
    }
}
