package io.accessledger.provisioning.reconciliation;

import io.accessledger.provisioning.connectors.ConnectorFailure;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector call made again after a transient failure: after the target's {@code retryAfter} (else
 * {@code retry-wait}), never longer than {@code max-wait}, waited through the injected
 * {@link ReconciliationSettings.Pause}, at most {@code max-retries} times in a row; a permanent failure, or the
 * transient one after the last retry, is thrown. Used for a run's page reads and for the removal of ungoverned
 * members. {@link #attempts()} counts the calls made.
 */
final class TransientRetries {
    private static final Logger log = LoggerFactory.getLogger(TransientRetries.class);
    private final ReconciliationSettings settings;
    private final ReconciliationSettings.Pause pause;
    private int attempts;

    TransientRetries(ReconciliationSettings settings, ReconciliationSettings.Pause pause) {
        this.settings = settings;
        this.pause = pause;
    }

    <T> T call(String what, Supplier<T> attempt) {
        int failures = 0;
        while (true) {
            try {
                attempts++;
                return attempt.get();
            } catch (ConnectorFailure f) {
                if (!f.isTransient() || ++failures > settings.maxRetries()) {
                    throw f;
                }
                Duration wait = f.retryAfter() == null ? settings.retryWait() : f.retryAfter();
                if (wait.compareTo(settings.maxWait()) > 0) {
                    wait = settings.maxWait();
                }
                log.info("{} failed transiently, asking again in {}: {}", what, wait, f.answer());
                pause.pause(wait);
            }
        }
    }

    int attempts() {
        return attempts;
    }
}
