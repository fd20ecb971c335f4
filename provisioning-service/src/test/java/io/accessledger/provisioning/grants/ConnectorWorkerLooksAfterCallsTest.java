package io.accessledger.provisioning.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.provisioning.connectors.TargetSettings;
import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.provisioning.directory.PeopleView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's own looks take only for the targets that need one: a target whose calls were just scheduled, or whose
 * last take may have left due calls behind (it filled the room it had, or had none); a call that ends looks again only
 * then, since a take that found fewer calls than it had room for took every due call there was, and a call scheduled
 * since names its target itself. The scheduled look still takes for every target (docs/BENCHMARKS.md, "End-to-end",
 * "Thirteenth round"). The calls and the worker's own looks run on executors the test steps through, so what each
 * look and each end of a call asks is counted exactly; so is the gauge of the calls running, which shows whether the
 * worker's {@code threads} bound the hop ("Fourteenth round").
 */
class ConnectorWorkerLooksAfterCallsTest {
    private static final String TARGET = "saas-scim";
    private static final String OTHER = "vpn-scim";
    private final ProvisioningQueueStore queue = mock(ProvisioningQueueStore.class);
    private final Steps calls = new Steps();
    private final Steps looks = new Steps();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ConnectorWorker worker;

    private ConnectorWorker worker(int concurrency) {
        return worker(concurrency, Map.of());
    }

    private ConnectorWorker worker(int concurrency, Map<String, TargetSettings> others) {
        TargetSettings target = new TargetSettings(TARGET, "none-here", null, null, null, null, null, null, null,
                null, null, null, Map.of(), null, concurrency);
        Map<String, TargetSettings> all = new java.util.HashMap<>(others);
        all.put(TARGET, target);
        worker = new ConnectorWorker(queue, new Targets(all), List.of(), mock(PeopleView.class),
                mock(CommandGateway.class), Clock.fixed(Instant.parse("2026-12-07T18:00:00Z"), ZoneOffset.UTC),
                meters, new ConnectorWorker.WorkerSettings(16, Duration.ofSeconds(30),
                        Duration.ofMinutes(2)), calls, looks);
        return worker;
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroy();
        }
    }

    @Test
    void aCallThatEndsDoesNotLookAgainWhenTheLastLookTookEveryDueCall() {
        worker(8);
        when(queue.take(anyString(), any(), any(), anyInt(), eq(TARGET))).thenReturn(due(1), List.of());
        worker.lookFor(Set.of(TARGET));
        looks.runAll();
        calls.runAll();

        assertThat(looks.pending()).isZero();
        verify(queue, times(1)).take(anyString(), any(), any(), anyInt(), eq(TARGET));
    }

    @Test
    void aCallThatEndsLooksAgainWhenTheLastLookFilledItsRoom() {
        worker(2);
        when(queue.take(anyString(), any(), any(), eq(2), eq(TARGET))).thenReturn(due(2));
        when(queue.take(anyString(), any(), any(), eq(1), eq(TARGET))).thenReturn(due(1), List.of());
        worker.lookFor(Set.of(TARGET));
        looks.runAll();
        calls.runOne();

        assertThat(looks.pending()).isOne();
        looks.runAll();
        verify(queue, times(1)).take(anyString(), any(), any(), eq(1), eq(TARGET));
        // That look filled its room of one again: the next call to end looks once more, and that look finds none.
        calls.runOne();
        looks.runAll();
        verify(queue, times(2)).take(anyString(), any(), any(), eq(1), eq(TARGET));
        calls.runAll();
        assertThat(looks.pending()).isZero();
    }

    @Test
    void aCallThatEndsLooksAgainWhenACallScheduledMeanwhileFoundNoRoom() {
        worker(1);
        when(queue.take(anyString(), any(), any(), eq(1), eq(TARGET))).thenReturn(due(1), due(1), List.of());
        worker.lookFor(Set.of(TARGET));
        looks.runAll();
        worker.lookFor(Set.of(TARGET)); // a call scheduled while the one call there is room for runs
        looks.runAll();
        verify(queue, times(1)).take(anyString(), any(), any(), anyInt(), eq(TARGET));

        calls.runOne();
        looks.runAll();
        verify(queue, times(2)).take(anyString(), any(), any(), anyInt(), eq(TARGET));
    }

    @Test
    void aLookForTheCallsJustScheduledTakesOnlyForTheirTargetAndTheScheduledLookForEveryTarget() {
        TargetSettings vpn = new TargetSettings(OTHER, "none-here", null, null, null, null, null, null, null, null,
                null, null, Map.of(), null, null);
        worker(8, Map.of(OTHER, vpn));
        worker.lookFor(Set.of(TARGET));
        looks.runAll();
        verify(queue, times(1)).take(anyString(), any(), any(), anyInt(), eq(TARGET));
        verify(queue, never()).take(anyString(), any(), any(), anyInt(), eq(OTHER));

        worker.poll(true);
        verify(queue, times(2)).take(anyString(), any(), any(), anyInt(), eq(TARGET));
        verify(queue, times(1)).take(anyString(), any(), any(), anyInt(), eq(OTHER));
    }

    @Test
    void theCallsRunningAreShownUntilEachEnds() {
        worker(8);
        when(queue.take(anyString(), any(), any(), anyInt(), eq(TARGET))).thenReturn(due(3), List.of());
        assertThat(callsRunning()).isZero();
        worker.lookFor(Set.of(TARGET));
        looks.runAll();
        assertThat(callsRunning()).isEqualTo(3);

        calls.runOne();
        assertThat(callsRunning()).isEqualTo(2);
        calls.runAll();
        assertThat(callsRunning()).isZero();
    }

    private double callsRunning() {
        return meters.get("accessledger.provisioning.worker.calls").gauge().value();
    }

    private static List<ProvisioningQueueStore.DueCall> due(int count) {
        return IntStream.range(0, count).mapToObj(n -> new ProvisioningQueueStore.DueCall("G-" + n + "-"
                + System.nanoTime(), "R-" + n, "E-" + n, "confluence:edit", TARGET, null, Grant.Operation.GRANT, 0))
                .toList();
    }

    /** An executor whose tasks run only when the test says so, in the order given. */
    private static final class Steps extends AbstractExecutorService {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        int pending() {
            return tasks.size();
        }

        void runOne() {
            tasks.remove().run();
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                runOne();
            }
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void shutdown() {
            tasks.clear();
        }

        @Override
        public List<Runnable> shutdownNow() {
            List<Runnable> left = List.copyOf(tasks);
            tasks.clear();
            return left;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
