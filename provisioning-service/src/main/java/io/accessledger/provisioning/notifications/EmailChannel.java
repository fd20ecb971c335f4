package io.accessledger.provisioning.notifications;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.core.annotation.Order;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** E-mail over SMTP through Spring's {@link JavaMailSender} ({@code spring.mail.*}): plain text, UTF-8. */
@Component
@Order(1)
public class EmailChannel implements NotificationChannel {
    public static final String NAME = "email";

    private final JavaMailSender mail;
    private final String from;

    public EmailChannel(JavaMailSender mail, NotificationProperties properties) {
        this.mail = mail;
        this.from = properties.from();
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
