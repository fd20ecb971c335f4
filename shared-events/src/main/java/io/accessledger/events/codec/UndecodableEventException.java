package io.accessledger.events.codec;

/** A record that is not an AccessLedger event we can read: it belongs in the dead-letter topic, with this reason. */
public class UndecodableEventException extends RuntimeException {
    public UndecodableEventException(String reason) {
        super(reason);
    }

    public UndecodableEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
