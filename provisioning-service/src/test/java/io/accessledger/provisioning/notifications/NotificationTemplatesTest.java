package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationTemplatesTest {
    private final NotificationTemplates templates = new NotificationTemplates();

    /** Every value any of the four templates may use. */
    static Map<String, String> allValues() {
        Map<String, String> values = new HashMap<>();
        values.put("requestId", "R-7f3c9a2e");
        values.put("taskId", "T-5b1d0c44");
        values.put("stage", "MANAGER");
        values.put("dueAt", "2026-11-05T09:15:30Z");
        values.put("assigneeName", "Bruno Keller");
        values.put("tasksUrl", "http://localhost:8083/api/v1/approvals/tasks");
        values.put("level", "1");
        values.put("escalatedFrom", "Carla Diaz");
        values.put("delegatorName", "Carla Diaz");
        values.put("reason", "On holiday");
        values.put("recipientName", "Bruno Keller");
        values.put("personName", "Alice Martin");
        values.put("access", "salesforce:edit");
        values.put("target", "okta-scim");
        values.put("conditions", "MFA required; for 30 days");
        values.put("grantedAt", "2026-11-02T09:15:30Z");
        values.put("expiresAt", "2026-12-02T09:15:30Z");
        values.put("reviewDueAt", "2027-05-01T09:15:30Z");
        values.put("grantId", "G-640b4c01");
        values.put("attempts", "10");
        values.put("error", "503 Service Unavailable");
        values.put("endedAt", "2026-12-02T09:16:00Z");
        values.put("campaignId", "C-2026-q4-sox");
        values.put("reminder", "1");
        values.put("reviewerName", "Bruno Keller");
        values.put("reviewsUrl", "http://localhost:8085/api/v1/reviews/items");
        values.put("itemId", "RI-6f1e2d3c");
        values.put("group", "Salesforce Editors");
        values.put("userName", "mallory@example.com");
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"task-opened", "task-reminded", "task-escalated", "task-delegated"})
    void everyTemplateFileRendersWithAllItsPlaceholdersFilled(String template) {
        NotificationMessage message = templates.render(template, allValues());

        assertThat(message.subject()).startsWith("[AccessLedger]").contains("T-5b1d0c44").doesNotContain("{{", "\n");
        assertThat(message.body()).contains("Bruno Keller", "R-7f3c9a2e", "T-5b1d0c44", "MANAGER",
                "http://localhost:8083/api/v1/approvals/tasks").doesNotContain("{{", "}}");
        assertThat(message.body()).doesNotStartWith("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"review-requested", "review-reminded", "review-escalated", "review-delegated", "ungoverned-review-requested"})
    void everyReviewTemplateFileRendersWithAllItsPlaceholdersFilled(String template) {
        NotificationMessage message = templates.render(template, allValues());

        assertThat(message.subject()).startsWith("[AccessLedger]").doesNotContain("{{", "\n");
        assertThat(message.body()).startsWith("Hello Bruno Keller,")
                .contains("http://localhost:8085/api/v1/reviews/items").doesNotContain("{{", "}}");
    }

    @Test
    void theOpenedTaskSaysWhatWhoWhenAndWhere() {
        NotificationMessage message = templates.render(NotificationTemplates.TASK_OPENED, allValues());

        assertThat(message.subject()).isEqualTo("[AccessLedger] New approval task T-5b1d0c44 (MANAGER) for request"
                + " R-7f3c9a2e");
        assertThat(message.body()).startsWith("Hello Bruno Keller,")
                .contains("Due:      2026-11-05T09:15:30Z")
                .contains("\nhttp://localhost:8083/api/v1/approvals/tasks\n");
    }

    @Test
    void theFirstLineIsTheSubjectAndTheRestTheBody() {
        NotificationMessage message = NotificationTemplates.render("t", "Hi {{name}}\n\nLine one {{name}}\nLine two\n",
                Map.of("name", "Ann"));

        assertThat(message.subject()).isEqualTo("Hi Ann");
        assertThat(message.body()).isEqualTo("Line one Ann\nLine two\n");
    }

    @Test
    void anUnknownPlaceholderFailsLoudlyNamingItAndTheTemplate() {
        assertThatThrownBy(() -> NotificationTemplates.render("task-opened", "Subject {{taskId}}\nBody {{asignee}}",
                Map.of("taskId", "T-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{asignee}}")
                .hasMessageContaining("task-opened");
    }

    @Test
    void aTemplateFileUsingAValueThatIsNotGivenFails() {
        Map<String, String> withoutDueAt = allValues();
        withoutDueAt.remove("dueAt");

        assertThatThrownBy(() -> templates.render(NotificationTemplates.TASK_OPENED, withoutDueAt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{dueAt}}");
    }

    @Test
    void anUnknownTemplateFails() {
        assertThatThrownBy(() -> templates.render("task-vanished", allValues()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task-vanished");
    }

    @Test
    void valuesAreInsertedLiterallyEvenWithDollarsAndBackslashes() {
        NotificationMessage message = NotificationTemplates.render("t", "S\n{{reason}}",
                Map.of("reason", "costs $1 \\ month {{taskId}}"));

        assertThat(message.body()).isEqualTo("costs $1 \\ month {{taskId}}");
    }

    @Test
    void aTemplateWithoutASubjectLineFails() {
        assertThatThrownBy(() -> NotificationTemplates.render("t", "\nbody", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no subject line");
    }
}
