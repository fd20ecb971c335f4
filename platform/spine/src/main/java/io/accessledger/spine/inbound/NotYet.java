package io.accessledger.spine.inbound;

/**
 * Thrown by a consumer whose event needs something it has not seen yet (an identity, a policy version, a case):
 * the record is parked and handled again until the prerequisite arrives — tried again as soon as one of the
 * service's consumers has handled a record (it may be the one awaited), with back-off as the fallback — never dropped,
 * never dead-lettered for being early. Topics are not ordered with each other; this is how consumers wait for one another.
 */
public class NotYet extends RuntimeException {
    public NotYet(String missing) {
        super("waiting for " + missing);
    }
}
