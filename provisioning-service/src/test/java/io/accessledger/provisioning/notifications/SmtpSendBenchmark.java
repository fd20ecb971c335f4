package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What sending one notification e-mail costs, end to end over loopback: {@link EmailChannel#send} of the task-opened
 * message to a real SMTP server (GreenMail) in the same JVM, the server's work included (the call returns once the
 * server has accepted the message). {@code keepAliveSeconds}: 0 is a connection per message (TCP connect, greeting,
 * {@code EHLO}, the message, {@code QUIT}: what Spring's sender does), 30 the kept connection ({@link SmtpConnections}).
 * The server's mailbox is emptied before each iteration.
 *
 * <p>Not part of the suite (its name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -ntp -pl provisioning-service -am verify -Dtest=SmtpSendBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class SmtpSendBenchmark {
    @Param({"0", "30"})
    public int keepAliveSeconds;

    private GreenMail server;
    private EmailChannel email;
    private final Recipient to = Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com");
    private final NotificationMessage message = new NotificationTemplates().render(NotificationTemplates.TASK_OPENED,
            NotificationTemplatesTest.allValues());

    @Setup
    public void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(server.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        email = new EmailChannel(sender, new NotificationProperties(true, "accessledger@example.com", null, null,
                Map.of(), null, Duration.ofSeconds(keepAliveSeconds), null), Clock.systemUTC());
    }

    @Setup(Level.Iteration)
    public void emptyMailbox() throws Exception {
        server.purgeEmailFromAllMailboxes();
    }

    @TearDown
    public void stop() {
        email.close();
        server.stop();
    }

    @Benchmark
    public void send() {
        email.send(to, message);
    }

    /** Checks what it measures (each value delivers the message; the kept one over one connection), then runs JMH. */
    @Test
    void run() throws Exception {
        for (int keepAlive : new int[] {0, 30}) {
            SmtpSendBenchmark bench = new SmtpSendBenchmark();
            bench.keepAliveSeconds = keepAlive;
            bench.start();
            try {
                bench.send();
                bench.send();
                assertThat(bench.server.waitForIncomingEmail(10_000, 2)).isTrue();
                assertThat(bench.email.connectionsOpened()).isEqualTo(keepAlive == 0 ? 2 : 1);
            } finally {
                bench.stop();
            }
        }
        runJmh();
    }

    private static void runJmh() throws RunnerException {
        new Runner(new OptionsBuilder().include(SmtpSendBenchmark.class.getSimpleName() + "\\.").build()).run();
    }
}
