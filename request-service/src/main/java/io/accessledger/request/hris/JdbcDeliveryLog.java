package io.accessledger.request.hris;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link DeliveryLog} in {@code hris_webhook_delivery} (db/request-service-hris-schema.sql). */
@Component
public class JdbcDeliveryLog implements DeliveryLog {
    private final JdbcTemplate jdbc;

    public JdbcDeliveryLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String source, String deliveryId, Instant at) {
        return jdbc.update("""
                insert into hris_webhook_delivery (source, delivery_id, received_at) values (?, ?, ?)
                on conflict (source, delivery_id) do nothing""", source, deliveryId, Timestamp.from(at)) == 1;
    }

    @Override
    public void release(String source, String deliveryId) {
        jdbc.update("delete from hris_webhook_delivery where source = ? and delivery_id = ?", source, deliveryId);
    }
}
