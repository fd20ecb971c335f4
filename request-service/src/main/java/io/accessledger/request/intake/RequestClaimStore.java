package io.accessledger.request.intake;

import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.RequestId;
import io.accessledger.events.model.Entitlement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One claim per beneficiary and entitlement ({@code request_claim}; operational state, not a projection: written by
 * the submission itself, as {@link IdempotencyStore} is). The door's "already held" and "already requested" checks
 * read views that follow the topics seconds behind, so two submissions for one entitlement seconds apart both passed
 * them, both were approved, and became two grants. The claim is taken in the submission's transaction: the second
 * waits for the first's transaction on the claim's row, then finds it claimed. Released by {@link RequestClaims} when
 * the request ends without a grant or its grant ends.
 */
@Component
public class RequestClaimStore {
    private final JdbcTemplate jdbc;

    public RequestClaimStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the entitlement for the request, in the caller's transaction: empty when claimed (or the request holds it
     * already, a redelivered birthright), else the request that holds it. A claim whose request {@code ended}
     * (known to have ended by a view that has seen it before {@link RequestClaims} did: the two consumers run apart)
     * is taken over, so a request made again after a denial the requester has seen is not refused for a moment.
     */
    public Optional<String> claim(EmployeeId beneficiaryId, Entitlement entitlement, RequestId requestId,
            Instant at, Predicate<String> ended) {
        if (jdbc.update("""
                insert into request_claim (beneficiary_id, entitlement, request_id, claimed_at) values (?, ?, ?, ?)
                on conflict (beneficiary_id, entitlement) do nothing""", beneficiaryId.value(),
                entitlement.toString(), requestId.value(), Timestamp.from(at)) == 1) {
            return Optional.empty();
        }
        Optional<String> holder = holder(beneficiaryId, entitlement);
        if (holder.isPresent() && !holder.get().equals(requestId.value()) && ended.test(holder.get())
                && jdbc.update("""
                        update request_claim set request_id = ?, claimed_at = ?
                        where beneficiary_id = ? and entitlement = ? and request_id = ?""", requestId.value(),
                        Timestamp.from(at), beneficiaryId.value(), entitlement.toString(), holder.get()) == 1) {
            return Optional.empty();
        }
        // taken over meanwhile by another submission, which waited on the row before us: that one holds it now
        return holder(beneficiaryId, entitlement).filter(id -> !id.equals(requestId.value()));
    }

    private Optional<String> holder(EmployeeId beneficiaryId, Entitlement entitlement) {
        return jdbc.queryForList("select request_id from request_claim where beneficiary_id = ? and entitlement = ?",
                String.class, beneficiaryId.value(), entitlement.toString()).stream().findFirst();
    }

    /** The request's claim ends (its request or its grant ended); nothing when it holds none. */
    public void release(RequestId requestId) {
        jdbc.update("delete from request_claim where request_id = ?", requestId.value());
    }
}
