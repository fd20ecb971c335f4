package io.accessledger.provisioning.grants;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.accessledger.provisioning.connectors.Targets;
import io.accessledger.provisioning.directory.PeopleView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker asks which targets have waiting calls (to take those of targets without settings) on its scheduled look,
 * and on its own looks (a call queued or finished here, about one a call) only while the last answer named a target
 * without settings (docs/BENCHMARKS.md, "End-to-end", "Twelfth round").
 */
class ConnectorWorkerLooksTest {
    private final ProvisioningQueueStore queue = mock(ProvisioningQueueStore.class);
    private final Targets targets = new Targets(Map.of());
    private final ConnectorWorker worker = new ConnectorWorker(queue, targets, List.of(), mock(PeopleView.class),
            mock(CommandGateway.class), Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC),
            new SimpleMeterRegistry(), new ConnectorWorker.WorkerSettings(16, Duration.ofSeconds(30),
                    Duration.ofMinutes(2)));

    @AfterEach
    void stop() {
        worker.destroy();
    }

    @Test
    void theWorkersOwnLooksAskForTheWaitingTargetsOnlyWhileOneWithoutSettingsWaits() {
        when(queue.waitingTargets()).thenReturn(List.of());
        worker.poll(true);
        worker.poll(false);
        worker.poll(false);
        verify(queue, times(1)).waitingTargets();

        when(queue.waitingTargets()).thenReturn(List.of("gone"));
        worker.poll(true);
        worker.poll(false);
        verify(queue, times(3)).waitingTargets();
        verify(queue, times(2)).take(anyString(), any(), any(), anyInt(), eq("gone"));

        when(queue.waitingTargets()).thenReturn(List.of());
        worker.poll(false);
        worker.poll(false);
        verify(queue, times(4)).waitingTargets();
        verify(queue, never()).take(anyString(), any(), any(), anyInt(), eq("saas-scim"));
    }
}
