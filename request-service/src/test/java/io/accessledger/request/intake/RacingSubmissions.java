package io.accessledger.request.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two portal submissions racing on a real PostgreSQL: the first's command is held until the second has reached the
 * database and waits there on a lock (or, when nothing makes it wait, has already been answered).
 */
final class RacingSubmissions {
    final CommandGateway commands = mock(CommandGateway.class);
    private final CountDownLatch firstHeld = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final IntakeController intake;
    private final JdbcTemplate jdbc;

    RacingSubmissions(IntakeDoor door, DataSource db) {
        this.jdbc = new JdbcTemplate(db);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            if (firstHeld.getCount() > 0) {
                firstHeld.countDown();
                release.await(60, TimeUnit.SECONDS);
            }
            return null;
        });
        intake = new IntakeController(commands, door, new IdempotencyStore(jdbc),
                new TransactionTemplate(new DataSourceTransactionManager(db)));
    }

    /** Both submissions, the second sent while the first is being recorded: their answers, first then second. */
    @SuppressWarnings("unchecked")
    CompletableFuture<ResponseEntity<IntakeController.Submitted>>[] race(
            Function<IntakeController, ResponseEntity<IntakeController.Submitted>> first,
            Function<IntakeController, ResponseEntity<IntakeController.Submitted>> second) throws Exception {
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> one = CompletableFuture.supplyAsync(
                () -> first.apply(intake));
        assertThat(firstHeld.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ResponseEntity<IntakeController.Submitted>> two = CompletableFuture.supplyAsync(
                () -> second.apply(intake));
        await().atMost(Duration.ofSeconds(30)).until(() -> two.isDone() || jdbc.queryForObject("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'""", Integer.class) > 0);
        release.countDown();
        return new CompletableFuture[] {one, two};
    }
}
