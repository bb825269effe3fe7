package org.tongfa.delivery;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link DeliveryProgress} in the {@code delivery_progress} table, shared by every node. Each write
 * commits in a transaction of its own (REQUIRES_NEW), so a remote id is on disk before the channel
 * takes its next step, whatever the caller's transaction does.
 */
@Repository
public class DeliveryProgressStore {

    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 2000;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public DeliveryProgressStore(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The progress of one delivery row. */
    public DeliveryProgress of(long deliveryId) {
        return new DeliveryProgress() {
            @Override
            public Optional<String> get(String key) {
                return jdbc.sql("SELECT progress_value FROM delivery_progress WHERE delivery_id = :id AND progress_key = :key")
                        .param("id", deliveryId).param("key", key).query(String.class).optional();
            }

            @Override
            public void put(String key, String value) {
                if (key.length() > MAX_KEY || value.length() > MAX_VALUE) {
                    throw new IllegalArgumentException("progress key or value too long for delivery " + deliveryId);
                }
                ownTransaction.executeWithoutResult(status -> upsert(deliveryId, key, value));
            }

            @Override
            public String toString() {
                return "DeliveryProgress[" + deliveryId + "]";
            }
        };
    }

    /**
     * The delivery of {@code channel} that saved {@code value} under {@code key}, if any: how a
     * partner's callback, which knows only its own id (a publish id), finds the delivery waiting for it.
     */
    public Optional<Long> findDelivery(String channel, String key, String value) {
        return jdbc.sql("SELECT p.delivery_id FROM delivery_progress p JOIN delivery d ON d.id = p.delivery_id "
                        + "WHERE d.channel = :channel AND p.progress_key = :key AND p.progress_value = :value "
                        + "ORDER BY p.delivery_id DESC")
                .param("channel", channel).param("key", key).param("value", value)
                .query(Long.class).list().stream().findFirst();
    }

    private void upsert(long deliveryId, String key, String value) {
        OffsetDateTime now = ts(clock.instant());
        // UPDATE then INSERT: plain SQL that H2 and PostgreSQL both accept (no MERGE / ON CONFLICT).
        int updated = update(deliveryId, key, value, now);
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO delivery_progress (delivery_id, progress_key, progress_value, updated_at) "
                                + "VALUES (:id, :key, :value, :now)")
                        .param("id", deliveryId).param("key", key).param("value", value).param("now", now)
                        .update();
            } catch (DuplicateKeyException raced) {
                update(deliveryId, key, value, now);
            }
        }
    }

    private int update(long deliveryId, String key, String value, OffsetDateTime now) {
        return jdbc.sql("UPDATE delivery_progress SET progress_value = :value, updated_at = :now "
                        + "WHERE delivery_id = :id AND progress_key = :key")
                .param("id", deliveryId).param("key", key).param("value", value).param("now", now)
                .update();
    }
}
