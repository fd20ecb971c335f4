package io.accessledger.review.grants;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/** The grant history's rows of many grants of resource {@code ledger}, written straight into its tables. */
public final class GrantRows {
    private GrantRows() {
    }

    /**
     * Grants {@code G-<n>} ({@code n} from {@code from} to {@code to}, zero-padded to eight digits) of
     * {@code ledger:read}, granted at {@code grantedAt}, each held by {@code EH<n>} (in the directory, Finance, under
     * manager {@code EM<n/8+1>}, who approved it) with {@code EOWNER} as the resource's owner.
     */
    public static void insert(JdbcTemplate jdbc, Instant grantedAt, int from, int to) {
        jdbc.update("""
                insert into review_person (employee_id, name, manager_id, department, status, updated_at)
                select 'EH' || h, 'Holder ' || h, 'EM' || (h / 8 + 1), 'Finance', 'ACTIVE', now()
                from generate_series(?, ?) h""", from, to);
        jdbc.update("""
                insert into review_approval (request_id, resource_id, owner_id, sensitivity, approved_by, approved_at)
                select 'R-' || lpad(g::text, 8, '0'), 'ledger', 'EOWNER', 'HIGH', array['EM' || (g / 8 + 1)], now()
                from generate_series(?, ?) g""", from, to);
        jdbc.update("""
                insert into review_grant (grant_id, request_id, employee_id, entitlement, resource_id, granted_at,
                    review_due_at)
                select 'G-' || lpad(g::text, 8, '0'), 'R-' || lpad(g::text, 8, '0'), 'EH' || g, 'ledger:read',
                    'ledger', ?::timestamptz, ?::timestamptz + interval '90 days'
                from generate_series(?, ?) g""", Timestamp.from(grantedAt), Timestamp.from(grantedAt), from, to);
    }
}
