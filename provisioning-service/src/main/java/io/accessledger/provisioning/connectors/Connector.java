package io.accessledger.provisioning.connectors;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.model.Entitlement;
import java.util.List;

/**
 * How a grant reaches a target system. One connector bean per target {@code type}; the target's settings come with
 * every call, so one connector serves any number of targets of its type.
 *
 * <p>The contract every connector keeps:
 * <ul>
 * <li><b>One attempt per call.</b> A connector never sleeps or retries; the provisioning queue decides when to try
 * again (capped exponential back-off with jitter, honouring {@link ConnectorFailure#retryAfter()}).</li>
 * <li><b>Idempotent per grant.</b> Granting what the person already holds answers {@link Result.Done}; revoking what
 * they no longer hold answers {@link Result.Done}. So a replayed approval, a crash between the target's answer and
 * the event, or a retry never grants twice.</li>
 * <li><b>Only that membership.</b> A revocation removes that person from that group and touches nobody else.</li>
 * <li><b>Failures say what kind they are.</b> {@link ConnectorFailure#transientFailure} for time-outs, refused
 * connections, 429 and 5xx; {@link ConnectorFailure#permanent} for the target's other refusals and for a target
 * that is configured wrongly (no group mapped for the entitlement, no credentials).</li>
 * </ul>
 */
public interface Connector {
    /** The {@code type} of target this connector serves ({@code accessledger.provisioning.targets.<id>.type}). */
    String type();

    /**
     * What this target's settings lack for this connector, checked when the service starts (so a target that cannot
     * work refuses the start rather than failing every grant). None by default.
     */
    default List<TargetProblem> check(TargetSettings target) {
        return List.of();
    }

    /** Makes sure the person holds the entitlement on the target. */
    Result grant(Assignment assignment, TargetSettings target);

    /** Takes the access away again: only that entitlement of that person, never anyone else's. */
    Result revoke(Assignment assignment, TargetSettings target);

    /**
     * Reads one page of who the target really holds in the group mapped for {@code entitlement} (the input of a
     * reconciliation). {@code cursor} is null for the first page and the previous page's {@link MembersPage#next()}
     * after that. One attempt per call, like grant and revoke: a 429 is a transient {@link ConnectorFailure} with
     * its {@code retryAfter}, and the caller decides when to ask again. A target that cannot be read (manual
     * fulfilment) answers a permanent failure saying so.
     */
    default MembersPage members(TargetSettings target, Entitlement entitlement, String cursor) {
        throw ConnectorFailure.permanent("Target '" + target.id() + "' of type '" + type()
                + "' cannot be read for reconciliation");
    }

    /**
     * Takes one member out of the group mapped for {@code entitlement}: access the target holds that no grant
     * explains (a reconciliation's finding), named by the target's own id for the member
     * ({@link Member#targetId()}; {@link Member#userName()} only for messages, may be null). The same contract as
     * {@link #revoke}: one attempt, only that membership, a member already gone (or a user the target no longer
     * has) is {@link Result.Done}, failures typed with a 429's {@code retryAfter}. A target without a connector
     * (manual) answers a permanent failure saying so.
     */
    default Result removeMember(TargetSettings target, Entitlement entitlement, Member member) {
        throw ConnectorFailure.permanent("Target '" + target.id() + "' of type '" + type()
                + "' cannot remove members: take " + (member.userName() == null ? member.targetId()
                        : member.userName()) + " out of the group for " + entitlement + " by hand");
    }

    /** One page of a target group's members; {@code next} is null on the last page. */
    record MembersPage(List<Member> members, String next) {
        public MembersPage {
            members = List.copyOf(members);
        }
    }

    /** A member as the target knows it: its own id and its login ({@code userName}). */
    record Member(String targetId, String userName) {
    }

    /** What came of asking a connector. */
    sealed interface Result {
        /** The target acknowledged; {@code reference} is its id for the change (e.g. the user and group ids). */
        record Done(String reference) implements Result {
        }

        /** A fulfilment task was opened for a person (the resource owner, or the IAM queue). */
        record HandedToPerson(EmployeeId assigneeId, String queue) implements Result {
        }
    }
}
