package io.accessledger.request.hris;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link DeliveryStore} in {@code hris_webhook_delivery}: the table's only writer and reader. */
@Component
public class JdbcDeliveryStore implements DeliveryStore {
    private final JdbcTemplate jdbc;

    public JdbcDeliveryStore(JdbcTemplate jdbc) {
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
