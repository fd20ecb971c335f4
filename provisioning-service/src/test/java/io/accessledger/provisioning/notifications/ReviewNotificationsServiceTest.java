package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.review.ReviewReminderSent;
import io.accessledger.provisioning.ProvisioningServiceApplication;
import io.accessledger.spine.testing.RunningService;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole service, as it runs: review-scheduler's reminders on a real (in-JVM KRaft) broker, its own PostgreSQL and
 * a real SMTP server (GreenMail). A reviewer with several items in a campaign gets one mail per reminder round, not
 * one per item; a group's items go to the group's queue address.
 */
class ReviewNotificationsServiceTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static final Instant DUE = Instant.parse("2026-12-01T09:15:30Z");
    private static final EmployeeId ALICE = EmployeeId.of("E1001");
    private static final EmployeeId BRUNO = EmployeeId.of("E1002");
    private static final Entitlement EDIT = Entitlement.parse("salesforce:edit");
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ProvisioningServiceApplication.application(), "provisioning_review_mail",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + greenMail.getSmtp().getPort(),
                "--accessledger.notifications.reviews-url=https://accessledger.example.com/reviews");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    private static ReviewReminderSent reminder(String event, String item, String grant, EmployeeId reviewer,
            String group, int round) {
        return new ReviewReminderSent(EventId.of(event), item, "C-2026-q4-sox", GrantId.of(grant),
                RequestId.of("R-" + grant), ALICE, EDIT, reviewer, group, round, DUE,
                Instant.parse("2026-11-24T09:15:30Z").plusSeconds(round));
    }

    @Test
    void aReviewerIsRemindedOncePerRoundHoweverManyItemsTheyHaveAndAGroupAtItsQueue() throws Exception {
        service.publish(new EmployeeHired(EventId.of("00000000-0000-4000-8000-00000000c001"), BRUNO,
                new EmployeeProfile(BRUNO, "Bruno Keller", "bruno.keller@example.com", "Sales", "Head of Sales", null,
                        null, EmploymentStatus.ACTIVE, null, null, true),
                LocalDate.parse("2026-01-01"), "bamboohr", Instant.parse("2026-11-01T08:00:00Z")), "request-service");
        JdbcTemplate jdbc = service.jdbc();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from notification_recipient where employee_id = 'E1002'", Integer.class) == 1);

        // Three of Bruno's items reminded in round 1 (three grants: three keys, so possibly three partitions).
        List<ReviewReminderSent> roundOne = List.of(
                reminder("00000000-0000-4000-8000-00000000d001", "RI-1", "G-review-mail-1", BRUNO, null, 1),
                reminder("00000000-0000-4000-8000-00000000d002", "RI-2", "G-review-mail-2", BRUNO, null, 1),
                reminder("00000000-0000-4000-8000-00000000d003", "RI-3", "G-review-mail-3", BRUNO, null, 1));
        for (ReviewReminderSent sent : roundOne) {
            service.publish(sent, "review-scheduler");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled(jdbc, roundOne) == roundOne.size());
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        MimeMessage first = greenMail.getReceivedMessages()[0];
        assertThat(addresses(first)).containsExactly("bruno.keller@example.com");
        assertThat(first.getSubject()).isEqualTo("[AccessLedger] Reminder: your access reviews in campaign"
                + " C-2026-q4-sox are due 2026-12-01T09:15:30Z");
        assertThat((String) first.getContent()).startsWith("Hello Bruno Keller,")
                .contains("this is reminder 1", "https://accessledger.example.com/reviews");

        // Round 2 of one of them is a new mail; a group's item goes to the group's configured queue address.
        List<ReviewReminderSent> later = List.of(
                reminder("00000000-0000-4000-8000-00000000d004", "RI-1", "G-review-mail-1", BRUNO, null, 2),
                reminder("00000000-0000-4000-8000-00000000d005", "RI-4", "G-review-mail-4", null, "SECURITY", 1));
        for (ReviewReminderSent sent : later) {
            service.publish(sent, "review-scheduler");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled(jdbc, later) == later.size());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        assertThat(Arrays.stream(received).map(ReviewNotificationsServiceTest::addresses).flatMap(List::stream))
                .containsExactlyInAnyOrder("bruno.keller@example.com", "bruno.keller@example.com",
                        "security-team@example.com");
    }

    /** How many of these events the review notifications consumer has handled (its dedupe rows). */
    private static int handled(JdbcTemplate jdbc, List<ReviewReminderSent> events) {
        return events.stream().mapToInt(event -> jdbc.queryForObject("select count(*) from inbound_dedupe"
                + " where consumer = 'review-notifications' and event_id = ?", Integer.class,
                event.eventId().value())).sum();
    }

    private static List<String> addresses(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
