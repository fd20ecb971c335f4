package io.accessledger.provisioning.notifications;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.provisioning.directory.PeopleView;
import io.accessledger.spine.inbound.NotYet;
import java.util.Optional;

/** Who a notification goes to: a person, by the directory's e-mail address, or a queue, by its configured one. */
final class Recipients {
    private Recipients() {
    }

    /**
     * The person from the directory — a person whose identity event has not arrived yet is waited for (the event is
     * parked until it does: topics are not ordered with each other).
     */
    static Recipient person(EmployeeId person, PeopleView directory) {
        return directory.person(person).map(Recipient::of).orElseThrow(() -> new NotYet(
                "the identity (e-mail address) of " + person));
    }

    /** The queue's configured address, if one is configured. */
    static Optional<Recipient> queue(String queue, NotificationProperties properties) {
        return properties.queueAddress(queue).map(address -> Recipient.queue(queue, address));
    }
}
