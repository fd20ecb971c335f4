package io.accessledger.provisioning.notifications;

import io.accessledger.provisioning.directory.PeopleView;

/**
 * Whom a notification is for: a person (their employee id) or a task queue, with the name to greet and the e-mail
 * address to write to.
 */
public record Recipient(String employeeId, String queue, String name, String address) {
    public Recipient {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("A recipient needs an address");
        }
        name = name == null || name.isBlank() ? (employeeId != null ? employeeId : queue) : name;
    }

    public static Recipient person(String employeeId, String name, String address) {
        return new Recipient(employeeId, null, name, address);
    }

    public static Recipient of(PeopleView.Person person) {
        return person(person.employeeId().value(), person.name(), person.email());
    }

    public static Recipient queue(String queue, String address) {
        return new Recipient(null, queue, queue + " team", address);
    }
}
