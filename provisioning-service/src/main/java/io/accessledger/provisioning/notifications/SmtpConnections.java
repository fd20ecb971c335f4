package io.accessledger.provisioning.notifications;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SMTP connections to the server of a {@link JavaMailSenderImpl}, kept open between messages for up to {@code
 * keepAlive} of no use, so that a burst of notifications pays the TCP connect, the greeting, {@code EHLO} (with the
 * look-up of this host's name it says) and {@code QUIT} once rather than per message, as Spring's sender does. At most
 * {@value #MAX_IDLE} wait unused (one per sending thread up to that); each is used by one thread at a time.
 *
 * <p>A kept connection is not asked whether it is still open (a {@code NOOP} round trip before every message); it
 * may have been closed by the server meanwhile (its idle timeout, a restart): a message that
 * fails on a kept connection for any reason but the server refusing its addresses ({@link SendFailedException}) is
 * sent once more on a new connection. A message is therefore sent at most twice by one call, and only when the first
 * connection failed, as the notification's at-least-once delivery allows (the {@code Notification} aggregate).
 * Failures on a new connection are the caller's, as before.
 */
final class SmtpConnections {
    static final int MAX_IDLE = 4;

    private final JavaMailSenderImpl sender;
    private final long keepAliveNanos;
    private final LongSupplier nanoTime;
    private final Deque<Kept> idle = new ArrayDeque<>();
    private final AtomicLong opened = new AtomicLong();

    private record Kept(Transport transport, long idleSince) {
    }

    SmtpConnections(JavaMailSenderImpl sender, Duration keepAlive, LongSupplier nanoTime) {
        this.sender = sender;
        this.keepAliveNanos = keepAlive.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Sends the message (prepared: {@link MimeMessage#saveChanges} done) to its recipients. */
    void send(MimeMessage message) throws MessagingException {
        Transport kept = take();
        if (kept != null) {
            try {
                kept.sendMessage(message, message.getAllRecipients());
                giveBack(kept);
                return;
            } catch (SendFailedException refused) {
                close(kept);
                throw refused;
            } catch (MessagingException | IllegalStateException stale) {
                // closed by the server meanwhile, most likely (IllegalStateException: the transport saw it closed
                // already): once more on a new connection
                close(kept);
            }
        }
        Transport fresh = connect();
        try {
            fresh.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException failed) {
            close(fresh);
            throw failed;
        }
        giveBack(fresh);
    }

    /** Connections opened so far. */
    long opened() {
        return opened.get();
    }

    /** Closes the connections waiting unused ({@code QUIT}). */
    void closeIdle() {
        Deque<Kept> closing;
        synchronized (idle) {
            closing = new ArrayDeque<>(idle);
            idle.clear();
        }
        closing.forEach(kept -> close(kept.transport()));
    }

    /** The most recently used idle connection still within the keep-alive, closing those past it; or null. */
    private Transport take() {
        long now = nanoTime.getAsLong();
        Deque<Kept> expired = new ArrayDeque<>();
        Transport found = null;
        synchronized (idle) {
            while (!idle.isEmpty() && found == null) {
                Kept kept = idle.pollFirst();
                if (now - kept.idleSince() < keepAliveNanos) {
                    found = kept.transport();
                } else {
                    expired.add(kept);
                }
            }
        }
        expired.forEach(kept -> close(kept.transport()));
        return found;
    }

    private void giveBack(Transport transport) {
        if (keepAliveNanos <= 0) {
            close(transport);
            return;
        }
        Kept surplus = null;
        synchronized (idle) {
            idle.addFirst(new Kept(transport, nanoTime.getAsLong()));
            if (idle.size() > MAX_IDLE) {
                surplus = idle.pollLast();
            }
        }
        if (surplus != null) {
            close(surplus.transport());
        }
    }

    private Transport connect() throws MessagingException {
        Transport transport = sender.getSession().getTransport(
                sender.getProtocol() == null ? JavaMailSenderImpl.DEFAULT_PROTOCOL : sender.getProtocol());
        String username = sender.getUsername();
        String password = sender.getPassword();
        if ("".equals(username)) { // as Spring's sender: an empty user name is none
            username = null;
            if ("".equals(password)) {
                password = null;
            }
        }
        transport.connect(sender.getHost(), sender.getPort(), username, password);
        opened.incrementAndGet();
        return transport;
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // the connection is given up either way
        }
    }
}
