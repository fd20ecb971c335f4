package io.accessledger.provisioning.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.accessledger.events.approval.ApprovalTaskOpened;
import io.accessledger.events.identity.EmployeeHired;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.ids.TaskId;
import io.accessledger.events.model.EmployeeProfile;
import io.accessledger.events.model.EmploymentStatus;
import io.accessledger.events.model.Stage;
import io.accessledger.provisioning.ProvisioningServiceApplication;
import io.accessledger.spine.inbound.ParkedRecordStore;
import io.accessledger.spine.testing.RunningService;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * Topics are not ordered with each other: a task can reach provisioning-service before the identity event of its
 * assignee. The notification waits for the identity (parked, not dead-lettered) and goes out, once, when it comes.
 */
class NotificationsAheadOfTheirIdentityServiceTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);
    private static RunningService service;

    @BeforeAll
    static void startService() {
        service = RunningService.start(ProvisioningServiceApplication.application(), "provisioning_identity_behind",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + greenMail.getSmtp().getPort(),
                "--accessledger.spine.park-backoff=200ms",
                "--accessledger.spine.park-backoff-max=1s",
                "--accessledger.spine.park-poll-interval=200ms");
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aTaskWhoseAssigneeIsNotKnownYetIsMailedOnceTheirIdentityArrivesNotDeadLettered() throws Exception {
        service.publish(new ApprovalTaskOpened(EventId.of("00000000-0000-4000-8000-00000000c001"),
                RequestId.of("R-early-1"), TaskId.of("T-early-1"), Stage.MANAGER, EmployeeId.of("E4501"), null,
                Instant.parse("2026-11-05T09:15:30Z"), Instant.parse("2026-11-02T09:15:30Z")), "approval-service");

        ParkedRecordStore parked = service.bean(ParkedRecordStore.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> parked.of("task-notifications").size() == 1);
        assertThat(parked.of("task-notifications").get(0).reason()).contains("the identity (e-mail address) of E4501");
        assertThat(greenMail.getReceivedMessages()).isEmpty();

        service.publish(new EmployeeHired(EventId.of("00000000-0000-4000-8000-00000000c002"), EmployeeId.of("E4501"),
                new EmployeeProfile(EmployeeId.of("E4501"), "Mina Osei", "mina.osei@example.com", "Finance",
                        "Controller", null, null, EmploymentStatus.ACTIVE, null, null, true),
                LocalDate.parse("2026-01-01"), "workday", Instant.parse("2026-11-02T09:20:00Z")), "request-service");

        assertThat(greenMail.waitForIncomingEmail(60_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getRecipients(Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).getAddress()).containsExactly("mina.osei@example.com");
        await().atMost(Duration.ofSeconds(30)).until(() -> parked.of("task-notifications").isEmpty());
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }
}
