package io.accessledger.spine.inbound;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether one of this service's consumers has handled an event (by its {@code ce_id}): the dedupe row is written in
 * the transaction of the handler's effect, so a yes means the effect is committed. Lets one consumer wait for another
 * of the same service that reads a different topic (topics are not ordered with each other).
 */
public class HandledEvents {
    private final JdbcTemplate jdbc;

    public HandledEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean handled(String consumer, String eventId) {
        return !jdbc.queryForList("select 1 from inbound_dedupe where consumer = ? and event_id = ?", consumer,
                eventId).isEmpty();
    }
}
