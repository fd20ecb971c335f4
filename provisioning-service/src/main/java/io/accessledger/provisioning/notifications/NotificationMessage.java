package io.accessledger.provisioning.notifications;

/** A rendered notification: the template's first line as the subject, the rest as the body. */
public record NotificationMessage(String subject, String body) {
}
