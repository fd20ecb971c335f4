package io.accessledger.request.intake;

import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The first answer to each {@code Idempotency-Key} of a requester, so a retried submission answers the same
 * ({@code idempotency_key}; operational state, not a projection: it is written with the submission itself).
 */
@Component
public class IdempotencyStore {
    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The answer given the first time the requester used this key, if they did. */
    public <T> Optional<T> earlier(EmployeeId requesterId, String key, Class<T> answer) {
        return jdbc.queryForList("select response from idempotency_key where requester_id = ? and idem_key = ?",
                String.class, requesterId.value(), key).stream().findFirst()
                .map(response -> EventJson.read(response, answer));
    }

    /**
     * Claims the requester's key for the submission being made, in its transaction: false when they used it before.
     * A retry sent while the first submission is still being recorded waits here, on the key's row, for its
     * transaction, and then finds it claimed (and its answer, {@link #earlier}) — or, if it rolled back, claims it.
     * Before, both went ahead and one failed on the key's primary key with a 500.
     */
    public boolean claim(EmployeeId requesterId, String key) {
        return jdbc.update("""
                insert into idempotency_key (requester_id, idem_key, request_id) values (?, ?, '')
                on conflict (requester_id, idem_key) do nothing""", requesterId.value(), key) == 1;
    }

    /** Remembers the answer to the submission that claimed the key (the request or bundle it created). */
    public void remember(EmployeeId requesterId, String key, String requestId, Object answer) {
        jdbc.update("update idempotency_key set request_id = ?, response = ? where requester_id = ? and idem_key = ?",
                requestId, EventJson.write(answer), requesterId.value(), key);
    }
}
