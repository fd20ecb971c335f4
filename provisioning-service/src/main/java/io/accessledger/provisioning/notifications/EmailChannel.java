package io.accessledger.provisioning.notifications;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.core.annotation.Order;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP through Spring's {@link JavaMailSender} ({@code spring.mail.*}): plain text, UTF-8. Names
 * jakarta.mail's stream provider once ({@link #nameStreamProvider}), so that writing a message does not search the
 * class path for it.
 */
@Component
@Order(1)
public class EmailChannel implements NotificationChannel {
    public static final String NAME = "email";
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    private final JavaMailSender mail;
    private final String from;

    public EmailChannel(JavaMailSender mail, NotificationProperties properties) {
        nameStreamProvider();
        this.mail = mail;
        this.from = properties.from();
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
            mail.send((MimeMessage mime) -> {
                MimeMessageHelper helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
                helper.setFrom(from);
                helper.setTo(to.address());
                helper.setSubject(message.subject());
                helper.setText(message.body(), false);
            });
        } catch (MailException e) {
            throw new NotificationFailed("E-mail to " + to.address() + " failed: " + e.getMessage(), e);
        }
    }
}
