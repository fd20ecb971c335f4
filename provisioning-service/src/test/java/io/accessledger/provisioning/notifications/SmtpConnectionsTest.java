package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The SMTP connections {@link EmailChannel} keeps open between messages ({@link SmtpConnections}), against a real SMTP
 * server (GreenMail) on a port of the test's choosing, so that the server can be stopped and started again on it.
 */
class SmtpConnectionsTest {
    private static final Recipient BRUNO = Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com");

    private final int port = freePort();
    private GreenMail server = started(port);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void messagesInABurstShareOneConnection() throws Exception {
        EmailChannel email = channel(Duration.ofSeconds(30));

        for (int i = 1; i <= 3; i++) {
            email.send(BRUNO, new NotificationMessage("Message " + i, "Body " + i + "\n"));
        }

        assertThat(server.waitForIncomingEmail(10_000, 3)).isTrue();
        assertThat(server.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("Message 1", "Message 2", "Message 3");
        assertThat(email.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void withNoKeepAliveEachMessageHasAConnectionOfItsOwn() throws Exception {
        EmailChannel email = channel(Duration.ZERO);

        email.send(BRUNO, new NotificationMessage("First", "1\n"));
        email.send(BRUNO, new NotificationMessage("Second", "2\n"));

        assertThat(server.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(email.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void aConnectionUnusedForLongerThanTheKeepAliveIsNotUsedAgain() throws Exception {
        AtomicLong nanos = new AtomicLong();
        SmtpConnections connections = new SmtpConnections(sender(), Duration.ofSeconds(30), nanos::get);

        connections.send(message("First"));
        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        connections.send(message("Second"));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        connections.send(message("Third"));

        assertThat(server.waitForIncomingEmail(10_000, 3)).isTrue();
        assertThat(connections.opened()).isEqualTo(2);
    }

    @Test
    void aMessageWhoseKeptConnectionTheServerClosedArrivesOverANewOne() throws Exception {
        EmailChannel email = channel(Duration.ofSeconds(30));
        email.send(BRUNO, new NotificationMessage("Before the restart", "1\n"));
        assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();

        server.stop(); // closes the kept connection from the server's side
        server = started(port);
        email.send(BRUNO, new NotificationMessage("After the restart", "2\n"));

        assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(server.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("After the restart");
        assertThat(email.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void theMessageIdIsMadeFromTheSenderAddressNotFromALookUpOfThisHost() throws Exception {
        EmailChannel email = channel(Duration.ofSeconds(30));

        email.send(BRUNO, new NotificationMessage("Identified", "1\n"));

        assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(server.getReceivedMessages()[0].getMessageID()).endsWith("@accessledger.example.com>");
        assertThat(server.getReceivedMessages()[0].getSentDate())
                .isEqualTo(java.util.Date.from(Instant.parse("2026-11-05T09:15:30Z")));
    }

    @Test
    void closingTheChannelClosesItsKeptConnections() throws Exception {
        EmailChannel email = channel(Duration.ofSeconds(30));
        email.send(BRUNO, new NotificationMessage("First", "1\n"));

        email.close();
        email.send(BRUNO, new NotificationMessage("Second", "2\n"));

        assertThat(server.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(email.connectionsOpened()).isEqualTo(2);
    }

    private EmailChannel channel(Duration keepAlive) {
        return new EmailChannel(sender(), new NotificationProperties(true, "notify@accessledger.example.com", null,
                null, Map.of(), null, keepAlive, null), Clock.fixed(Instant.parse("2026-11-05T09:15:30Z"), ZoneOffset.UTC));
    }

    private JavaMailSenderImpl sender() {
        return EmailChannelTest.smtp(port);
    }

    private MimeMessage message(String subject) throws Exception {
        MimeMessage message = new MimeMessage(sender().getSession());
        message.setFrom("notify@accessledger.example.com");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "bruno.keller@example.com");
        message.setSubject(subject);
        message.setText("body\n");
        message.saveChanges();
        return message;
    }

    private static GreenMail started(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
