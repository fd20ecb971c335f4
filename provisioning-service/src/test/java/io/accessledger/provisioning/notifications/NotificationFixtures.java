package io.accessledger.provisioning.notifications;

import static org.mockito.Mockito.when;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.provisioning.directory.PeopleView;
import java.util.Map;
import java.util.Optional;

/** The people and settings the notification consumers' unit tests address: Bruno, his manager Carla, two queues. */
final class NotificationFixtures {
    static final EmployeeId BRUNO = EmployeeId.of("E1002");
    static final EmployeeId CARLA = EmployeeId.of("E1003");
    static final Recipient BRUNO_MAIL = Recipient.person("E1002", "Bruno Keller", "bruno.keller@example.com");
    static final Recipient CARLA_MAIL = Recipient.person("E1003", "Carla Diaz", "carla.diaz@example.com");

    private NotificationFixtures() {
    }

    /** A directory (a mock) that knows Bruno, whose manager is Carla, and Carla. */
    static void knowsBrunoAndCarla(PeopleView directory) {
        when(directory.person(BRUNO)).thenReturn(Optional.of(new PeopleView.Person(BRUNO, "Bruno Keller",
                "bruno.keller@example.com", CARLA)));
        when(directory.person(CARLA)).thenReturn(Optional.of(new PeopleView.Person(CARLA, "Carla Diaz",
                "carla.diaz@example.com", null)));
        when(directory.nameOf(BRUNO)).thenReturn("Bruno Keller");
        when(directory.nameOf(CARLA)).thenReturn("Carla Diaz");
    }

    /** The defaults, with the IAM and SECURITY queues' addresses (IAM's key lower-case, as environment variables bind). */
    static NotificationProperties withQueues(boolean enabled) {
        return new NotificationProperties(enabled, null, null, null,
                Map.of("iam", "iam-team@example.com", "SECURITY", "security-team@example.com"), null, null, null);
    }
}
