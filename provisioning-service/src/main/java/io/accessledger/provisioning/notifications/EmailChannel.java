package io.accessledger.provisioning.notifications;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.springframework.core.annotation.Order;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP through Spring's {@link JavaMailSender} ({@code spring.mail.*}): plain text, UTF-8. Names
 * jakarta.mail's stream provider once ({@link #nameStreamProvider}), so that writing a message does not search the
 * class path for it. With Spring Boot's sender ({@link JavaMailSenderImpl}) the connections to the server are kept
 * open between messages for {@code accessledger.notifications.smtp-keep-alive} ({@link SmtpConnections}; zero: one
 * connection per message, as Spring's sender makes), and the session's {@code mail.from} is the sender address unless
 * set, so that a message's {@code Message-ID} is made from it rather than from a look-up of this host's name.
 */
@Component
@Order(1)
public class EmailChannel implements NotificationChannel {
    public static final String NAME = "email";
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    private final JavaMailSender mail;
    private final String from;
    private final Clock clock;
    /** Null for a sender other than Spring's own: then each message goes through {@link JavaMailSender#send}. */
    private final SmtpConnections connections;

    public EmailChannel(JavaMailSender mail, NotificationProperties properties, Clock clock) {
        nameStreamProvider();
        this.mail = mail;
        this.from = properties.from();
        this.clock = clock;
        if (mail instanceof JavaMailSenderImpl sender) {
            Properties session = sender.getJavaMailProperties();
            if (session.getProperty("mail.from") == null) {
                session.setProperty("mail.from", from);
                sender.setJavaMailProperties(session); // the session is made anew with it
            }
            this.connections = new SmtpConnections(sender, properties.smtpKeepAlive(), System::nanoTime);
        } else {
            this.connections = null;
        }
    }

    /**
     * jakarta.mail (2.1) looks its {@code StreamProvider} up anew at each {@code StreamProvider.provider()}, and
     * writing one message calls it more than once ({@code MimeBodyPart.writeTo}, {@code MimeUtility.encode}): each
     * a {@link java.util.ServiceLoader} search of every jar's {@code META-INF/services} on the class path, unless its
     * system property {@value #STREAM_PROVIDER} names the implementation, which makes it a loaded-class lookup. Sets
     * it to the one the search finds (Angus Mail's), unless it is set already or that class is not on the class
     * path. The property is the JVM's, so this holds for every {@code Session} in it; it names what the search would
     * have returned.
     */
    static void nameStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) != null) {
            return;
        }
        try {
            Class.forName(ANGUS_STREAM_PROVIDER, false, EmailChannel.class.getClassLoader());
        } catch (ClassNotFoundException absent) {
            return;
        }
        System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public void send(Recipient to, NotificationMessage message) {
        try {
            if (connections == null) {
                mail.send(mime -> write(mime, to, message));
                return;
            }
            MimeMessage mime = mail.createMimeMessage();
            write(mime, to, message);
            mime.setSentDate(Date.from(clock.instant()));
            mime.saveChanges();
            connections.send(mime);
        } catch (MailException | MessagingException e) {
            throw new NotificationFailed("E-mail to " + to.address() + " failed: " + e.getMessage(), e);
        }
    }

    /** Closes the SMTP connections kept open ({@code QUIT}) when the service stops. */
    @PreDestroy
    public void close() {
        if (connections != null) {
            connections.closeIdle();
        }
    }

    /** Connections to the SMTP server opened so far by this channel's own sending (not by Spring's sender). */
    long connectionsOpened() {
        return connections == null ? 0 : connections.opened();
    }

    private void write(MimeMessage mime, Recipient to, NotificationMessage message) throws MessagingException {
        MimeMessageHelper helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(to.address());
        helper.setSubject(message.subject());
        helper.setText(message.body(), false);
    }
}
