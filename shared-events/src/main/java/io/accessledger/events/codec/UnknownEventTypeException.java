package io.accessledger.events.codec;

/**
 * A well-formed AccessLedger {@code ce_type} ({@code accessledger.<stream>.<name>.v<N>}) that this build does not
 * know: a producer deployed before its consumers. Not garbage, so not a dead letter: consumers skip it and count it.
 */
public class UnknownEventTypeException extends UndecodableEventException {
    private final String ceType;

    public UnknownEventTypeException(String ceType) {
        super("unknown ce_type " + ceType + " (a newer producer than this consumer)");
        this.ceType = ceType;
    }

    public String ceType() {
        return ceType;
    }
}
