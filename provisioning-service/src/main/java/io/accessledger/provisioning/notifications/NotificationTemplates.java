package io.accessledger.provisioning.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The notification templates, files on the class path ({@code notifications/<name>.txt}): the first line is the
 * subject, the rest (after one optional blank line) the body. {@code {{name}}} is a placeholder; a placeholder
 * without a value fails loudly, so a typo in a template never reaches anyone's inbox.
 */
@Component
public class NotificationTemplates {
    public static final String TASK_OPENED = "task-opened";
    public static final String TASK_REMINDED = "task-reminded";
    public static final String TASK_ESCALATED = "task-escalated";
    public static final String TASK_DELEGATED = "task-delegated";
    public static final String ACCESS_PROVISIONED = "access-provisioned";
    public static final String PROVISIONING_FAILED = "provisioning-failed";
    public static final String ACCESS_REVOKED = "access-revoked";
    public static final String ACCESS_EXPIRED = "access-expired";
    public static final String ACCESS_EXPIRING = "access-expiring";
    public static final String REVIEW_REQUESTED = "review-requested";
    public static final String REVIEW_REMINDED = "review-reminded";
    public static final String REVIEW_ESCALATED = "review-escalated";
    public static final String REVIEW_DELEGATED = "review-delegated";
    public static final String UNGOVERNED_REVIEW_REQUESTED = "ungoverned-review-requested";
    static final List<String> ALL = List.of(TASK_OPENED, TASK_REMINDED, TASK_ESCALATED, TASK_DELEGATED,
            ACCESS_PROVISIONED, PROVISIONING_FAILED, ACCESS_REVOKED, ACCESS_EXPIRED, ACCESS_EXPIRING, REVIEW_REQUESTED, REVIEW_REMINDED,
            REVIEW_ESCALATED, REVIEW_DELEGATED, UNGOVERNED_REVIEW_REQUESTED);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*}}");

    private final Map<String, String> templates = new LinkedHashMap<>();

    /** Loads every template at start-up: a missing file stops the service, not the first notification. */
    public NotificationTemplates() {
        for (String name : ALL) {
            templates.put(name, load(name));
        }
    }

    /** Renders the named template with these values. */
    public NotificationMessage render(String template, Map<String, String> values) {
        String text = templates.get(template);
        if (text == null) {
            throw new IllegalArgumentException("No notification template '" + template + "'; there are " + ALL);
        }
        return render(template, text, values);
    }

    /** Renders a template's text: subject from the first line, body from the rest. */
    static NotificationMessage render(String template, String text, Map<String, String> values) {
        String normalised = text.replace("\r\n", "\n");
        int newline = normalised.indexOf('\n');
        String subjectLine = newline < 0 ? normalised : normalised.substring(0, newline);
        String bodyText = newline < 0 ? "" : normalised.substring(newline + 1);
        if (bodyText.startsWith("\n")) {
            bodyText = bodyText.substring(1);
        }
        String subject = fill(template, subjectLine, values).strip();
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("Notification template '" + template + "' has no subject line");
        }
        return new NotificationMessage(subject, fill(template, bodyText, values));
    }

    private static String fill(String template, String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Unknown placeholder {{" + name + "}} in notification template '"
                        + template + "'; known: " + values.keySet());
            }
            String value = values.get(name);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String load(String name) {
        String path = "notifications/" + name + ".txt";
        try (InputStream in = NotificationTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Notification template " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read notification template " + path, e);
        }
    }
}
