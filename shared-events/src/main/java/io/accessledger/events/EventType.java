package io.accessledger.events;

/**
 * One entry of the event catalog: the stable business name, its CloudEvents {@code ce_type} (name and major
 * version, never a Java class name), the topic it is published on, and the record that carries it in Java.
 */
public record EventType(String name, String ceType, Topic topic, Class<? extends DomainEvent> javaType) {
}
