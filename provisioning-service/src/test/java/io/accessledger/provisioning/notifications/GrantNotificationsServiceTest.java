package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.GrantId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Conditions;
import io.accessledger.events.model.Entitlement;
import io.accessledger.events.provisioning.AccessProvisioned;
import io.accessledger.provisioning.ServiceFixture;
import io.accessledger.provisioning.grants.GrantDriver;
import io.accessledger.provisioning.reconciliation.UngovernedRemovalDriver;
import io.accessledger.spine.inbound.EventConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What people are told about their grants, through a real SMTP server (GreenMail): the person and their manager get
 * the access, its conditions, expiry and review date when it is provisioned, and again when it is about to expire —
 * each once, however often the event arrives or the expiry watch runs.
 */
class GrantNotificationsServiceTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    private static ServiceFixture service;

    @BeforeAll
    static void startService() {
        service = ServiceFixture.start("provisioning_grant_notifications", List.of(),
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + greenMail.getSmtp().getPort(),
                // Announce expiries 40 days ahead, so the 30-day grant below is "expiring soon" at once.
                "--accessledger.notifications.expiring-lead=P40D",
                "--accessledger.notifications.expiry-watch-every=PT1S");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void thePersonAndTheirManagerAreToldWhatWasGrantedAndThenThatItExpiresSoonEachOnce() throws Exception {
        service.hire("E2001", "Dora Lindqvist", "dora.lindqvist@example.com", "E2002");
        service.hire("E2002", "Emil Novak", "emil.novak@example.com", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> service.jdbc().queryForObject(
                "select count(*) from notification_recipient where employee_id in ('E2001', 'E2002')",
                Integer.class) == 2);
        Instant ack = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AccessProvisioned provisioned = new AccessProvisioned(EventId.of("00000000-0000-4000-8000-00000000c001"),
                GrantId.of("G-notify-1"), RequestId.of("R-notify-1"), EmployeeId.of("E2001"),
                Entitlement.parse("github:write"), "okta-scim", "scim", "Users/9 in Groups/4", null,
                new Conditions(Duration.ofDays(30), true, null), ack, ack.plus(Duration.ofDays(30)),
                ack.plus(Duration.ofDays(180)), ack);
        service.publish(provisioned, "provisioning-service");
        service.publish(provisioned, "provisioning-service");

        assertThat(greenMail.waitForIncomingEmail(60_000, 4)).isTrue();
        // Several more expiry watches (one a second) and the duplicate event: nothing more may arrive.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> greenMail.getReceivedMessages().length == 4);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(4);
        List<String> granted = Arrays.stream(received).filter(m -> subject(m).startsWith("[AccessLedger] Access granted"))
                .map(GrantNotificationsServiceTest::to).toList();
        assertThat(granted).containsExactlyInAnyOrder("dora.lindqvist@example.com", "emil.novak@example.com");
        MimeMessage toDora = Arrays.stream(received).filter(m -> subject(m).startsWith("[AccessLedger] Access granted")
                && to(m).equals("dora.lindqvist@example.com")).findFirst().orElseThrow();
        assertThat((String) toDora.getContent()).startsWith("Hello Dora Lindqvist,")
                .contains("github:write on okta-scim", "for 30 days from the grant; MFA required",
                        "Expires at:  " + ack.plus(Duration.ofDays(30)), "Review due:  " + ack.plus(Duration.ofDays(180)));
        List<String> expiring = Arrays.stream(received).filter(m -> subject(m).startsWith("[AccessLedger] Access expires"))
                .map(GrantNotificationsServiceTest::to).toList();
        assertThat(expiring).containsExactlyInAnyOrder("dora.lindqvist@example.com", "emil.novak@example.com");
        // a mail is an effect outside the transaction: never a poll applied whole (which a rollback would repeat)
        assertThat(service.bean(MeterRegistry.class).find("accessledger.inbound.polls")
                .tag("consumer", "grant-notifications").counters()).isEmpty();
    }

    /**
     * Which consumers of the service may have their polls applied in one transaction (docs/RELIABILITY.md, "Inbound"):
     * the grant driver, whose commands only record events and queue the connector call in a table, may; those whose
     * commands send a message or call a target while they are handled may not, as a poll rolled back for another
     * record would send or call again for the records of it that had succeeded.
     */
    @Test
    void onlyTheConsumersWhoseEffectARollbackUndoesTakeAPollInOneTransaction() {
        Map<String, Boolean> inTransaction = Stream.of(GrantDriver.class, GrantNotifications.class,
                TaskNotifications.class, ReviewNotifications.class, UngovernedRemovalDriver.class).map(service::bean)
                .collect(Collectors.toMap(EventConsumer::name, EventConsumer::effectInTransaction));

        assertThat(inTransaction).containsEntry("grant-driver", true)
                .containsEntry("grant-notifications", false)
                .containsEntry("task-notifications", false)
                .containsEntry("review-notifications", false)
                .containsEntry("ungoverned-removal", false);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String to(MimeMessage message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
