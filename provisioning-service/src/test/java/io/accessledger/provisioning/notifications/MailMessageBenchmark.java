package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * What building and writing one notification e-mail costs the JVM (docs/BENCHMARKS.md, "End-to-end", "Seventh
 * round"): the message {@link EmailChannel} builds (Spring's {@code MimeMessageHelper}, UTF-8, plain text), saved and
 * written out as the SMTP transport writes it, to a stream that drops it (no network). {@code named}: whether
 * jakarta.mail's {@code StreamProvider} is named by its system property ({@link EmailChannel#nameStreamProvider}),
 * else looked up by a {@code ServiceLoader} search of the class path at each use. Each value runs in a JVM of its own
 * (the property is the JVM's), on this module's test class path.
 *
 * <p>Not part of the suite (its name does not end in {@code Test}); run it with
 * {@code ./mvnw -B -ntp -pl provisioning-service -am verify -Dtest=MailMessageBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class MailMessageBenchmark {
    @Param({"false", "true"})
    public boolean named;

    private JavaMailSenderImpl sender;
    private final NotificationMessage message = new NotificationTemplates().render(NotificationTemplates.TASK_OPENED,
            NotificationTemplatesTest.allValues());

    @Setup
    public void setUp() {
        System.clearProperty(EmailChannel.STREAM_PROVIDER);
        if (named) {
            EmailChannel.nameStreamProvider();
        }
        sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
    }

    @Benchmark
    public MimeMessage buildAndWrite() throws MessagingException, IOException {
        return write(OutputStream.nullOutputStream());
    }

    private MimeMessage write(OutputStream out) throws MessagingException, IOException {
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
        helper.setFrom("accessledger@example.com");
        helper.setTo("bruno.keller@example.com");
        helper.setSubject(message.subject());
        helper.setText(message.body(), false);
        mime.saveChanges();
        mime.writeTo(out);
        return mime;
    }

    /** Checks what it measures (both ways write the same message), then runs JMH (the launcher, not a test). */
    @Test
    void run() throws Exception {
        MailMessageBenchmark bench = new MailMessageBenchmark();
        bench.named = true;
        bench.setUp();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        bench.write(written);
        assertThat(written.toString(StandardCharsets.UTF_8)).contains("To: bruno.keller@example.com",
                "Subject: [AccessLedger] New approval task");
        System.clearProperty(EmailChannel.STREAM_PROVIDER);
        runJmh();
    }

    private static void runJmh() throws RunnerException {
        new Runner(new OptionsBuilder().include(MailMessageBenchmark.class.getSimpleName() + "\\.").build()).run();
    }
}
