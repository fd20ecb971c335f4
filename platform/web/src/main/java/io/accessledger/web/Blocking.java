package io.accessledger.web;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Axon and JDBC block: run such work on the bounded elastic scheduler, never on WebFlux's event loop — with the
 * call's thread-locals (its trace span, its MDC request id) restored from the Reactor context while it runs.
 */
public final class Blocking {
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.deferContextual(context -> Mono.fromCallable(() -> {
            try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(context)) {
                return work.call();
            }
        })).subscribeOn(Schedulers.boundedElastic());
    }
}
