package io.accessledger.audit.verify;

/**
 * One thing the verifier found, named by where it is in the log ({@code topic}, {@code partition}, {@code offset})
 * and which event it is ({@code ceId}, {@code key}; {@code null} where the record has none), with a sentence for
 * people. A finding about a whole topic ({@link Kind#NOT_YET_COVERED}) has partition and offset -1.
 */
public record Finding(Kind kind, String topic, int partition, long offset, String ceId, String key,
        String message) {

    /** What kind of thing was found; {@link #failure()} says whether the log fails verification because of it. */
    public enum Kind {
        /** An event's content or headers no longer give its chain hash, or its successor's prev no longer matches it. */
        EDITED(true),
        /** A missing index or seq, or a checkpoint that signed more events than the log holds. */
        DELETED(true),
        /** A record without chain headers, with an index or seq already taken, or a prev that starts nothing. */
        INSERTED(true),
        /** Two records of a partition out of their publication order. */
        REORDERED(true),
        /** A checkpoint that is not signed by its service's trusted key, or whose root the log does not give. */
        CHECKPOINT(true),
        /** Events after the last signed checkpoint: chained, but a deletion at their end could not be seen yet. */
        NOT_YET_COVERED(false),
        /** Records published before the service chained its events (the start of a partition, no chain headers). */
        BEFORE_CHAINING(false);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        public boolean failure() {
            return failure;
        }
    }

    /** One line of the text report. */
    public String render() {
        String where = partition < 0 ? topic : topic + "[" + partition + "]@" + offset;
        return kind + " " + where + (ceId != null ? " ce_id=" + ceId : "") + (key != null ? " key=" + key : "")
                + ": " + message;
    }
}
