package io.accessledger.events;

/** An event of the request flow: ordered (keyed) by its request id. */
public interface RequestKeyed extends RequestScoped {
    @Override
    default String subject() {
        return requestId().value();
    }
}
