package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The real {@link EmailChannel} against a real SMTP server (GreenMail, on a free port). */
class EmailChannelTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static NotificationProperties properties() {
        return new NotificationProperties(true, "accessledger@example.com", null, null, Map.of(), null, null, null);
    }

    /** Spring's sender to the SMTP server on this port of the loopback address, with short time-outs. */
    static JavaMailSenderImpl smtp(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setDefaultEncoding("UTF-8");
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        sender.setJavaMailProperties(props);
        return sender;
    }

    @Test
    void aTaskOpenedNotificationArrivesWithTheRightRecipientSubjectAndBody() throws Exception {
        EmailChannel email = new EmailChannel(smtp(greenMail.getSmtp().getPort()), properties(), Clock.systemUTC());
        NotificationMessage message = new NotificationTemplates().render(NotificationTemplates.TASK_OPENED,
                NotificationTemplatesTest.allValues());

        email.send(Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com"), message);

        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("bruno.keller@example.com");
        assertThat(mail.getFrom()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("accessledger@example.com");
        assertThat(mail.getSubject())
                .isEqualTo("[AccessLedger] New approval task T-5b1d0c44 (MANAGER) for request R-7f3c9a2e");
        assertThat(((String) mail.getContent()).replace("\r\n", "\n")).startsWith("Hello Bruno Keller,")
                .contains("Request:  R-7f3c9a2e", "Task:     T-5b1d0c44", "Due:      2026-11-05T09:15:30Z",
                        "http://localhost:8083/api/v1/approvals/tasks");
    }

    @Test
    void namesAndSubjectsBeyondAsciiArriveIntact() throws Exception {
        EmailChannel email = new EmailChannel(smtp(greenMail.getSmtp().getPort()), properties(), Clock.systemUTC());

        email.send(Recipient.queue("IAM", "iam-team@example.com"),
                new NotificationMessage("Aufgabe für Zoë – fällig", "Grüße, Zoë\n"));

        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("iam-team@example.com");
        assertThat(mail.getSubject()).isEqualTo("Aufgabe für Zoë – fällig");
        assertThat(((String) mail.getContent()).strip()).isEqualTo("Grüße, Zoë");
    }

    @Test
    void anUnreachableSmtpServerIsANotificationFailureNamingTheRecipient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EmailChannel email = new EmailChannel(smtp(closedPort), properties(), Clock.systemUTC());

        assertThatThrownBy(() -> email.send(Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com"),
                new NotificationMessage("s", "b")))
                .isInstanceOf(NotificationFailed.class)
                .hasMessageContaining("bruno.keller@example.com");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theChannelNamesJakartaMailsStreamProviderSoThatWritingAMessageDoesNotSearchTheClassPathForIt()
            throws Exception {
        String before = System.clearProperty(EmailChannel.STREAM_PROVIDER);
        try {
            EmailChannel email = new EmailChannel(smtp(greenMail.getSmtp().getPort()), properties(), Clock.systemUTC());

            assertThat(System.getProperty(EmailChannel.STREAM_PROVIDER)).isEqualTo(EmailChannel.ANGUS_STREAM_PROVIDER);
            assertThat(jakarta.mail.util.StreamProvider.provider().getClass().getName())
                    .isEqualTo(EmailChannel.ANGUS_STREAM_PROVIDER);
            email.send(Recipient.queue("IAM", "iam-team@example.com"),
                    new NotificationMessage("Aufgabe für Zoë", "Grüße, Zoë\n"));
            assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("Aufgabe für Zoë");
        } finally {
            restore(before);
        }
    }

    @Test
    void aStreamProviderNamedBeforeTheChannelIsKept() {
        String before = System.setProperty(EmailChannel.STREAM_PROVIDER, "com.example.OwnStreamProvider");
        try {
            new EmailChannel(smtp(greenMail.getSmtp().getPort()), properties(), Clock.systemUTC());

            assertThat(System.getProperty(EmailChannel.STREAM_PROVIDER)).isEqualTo("com.example.OwnStreamProvider");
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(EmailChannel.STREAM_PROVIDER);
        } else {
            System.setProperty(EmailChannel.STREAM_PROVIDER, value);
        }
    }
}
