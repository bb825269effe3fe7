package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;
import static org.tongfa.channel.wechat.WeChatTestSupport.config;
import static org.tongfa.channel.wechat.WeChatTestSupport.sign;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

/**
 * The replay memory on PostgreSQL, in real transactions: there a duplicate key aborts the
 * transaction, which must end as a clean refusal, and the callback after it must still be recorded.
 */
class WeChatCallbacksPostgresTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void refusesAReplayAndKeepsRecordingTheCallbacksAfterIt() {
        DataSource db = TestDatabases.migrated(TestDatabases.postgresUrl());
        JdbcClient jdbc = JdbcClient.create(db);
        MutableClock clock = new MutableClock(NOW);
        WeChatChannel channel = (WeChatChannel) new WeChatChannelFactory(jdbc, clock).create(config(Map.of(
                "app-id", APP_ID, "secret", SECRET, "callback-token", TOKEN, "api-host", "http://127.0.0.1:9")));
        WeChatStore store = new WeChatStore(jdbc);
        store.saveJob(APP_ID, "555", "item-1", 1, 7, NOW);
        List<String> woken = new ArrayList<>();
        WeChatCallbacks callbacks = new WeChatCallbacks(id -> id.equals(CHANNEL) ? Optional.of(channel) : Optional.empty(),
                store, (channelId, step, remoteId) -> woken.add(channelId), clock,
                new TransactionTemplate(new DataSourceTransactionManager(db)));
        String ts = Long.toString(NOW.getEpochSecond());

        WeChatCallbacks.Answer first = callbacks.event(CHANNEL, sign(TOKEN, ts, "p1"), ts, "p1", event("555", 0));
        WeChatCallbacks.Answer replayed = callbacks.event(CHANNEL, sign(TOKEN, ts, "p1"), ts, "p1", event("555", 4));
        WeChatCallbacks.Answer next = callbacks.event(CHANNEL, sign(TOKEN, ts, "p2"), ts, "p2", event("555", 0));

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(next.status()).isEqualTo(200);
        assertThat(store.publishResult(APP_ID, "555")).hasValueSatisfying(r -> assertThat(r.status()).isZero());
        assertThat(woken).containsExactly(CHANNEL, CHANNEL);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wechat_callback_nonce").query(Long.class).single()).isEqualTo(2);
    }

    private static byte[] event(String publishId, int status) {
        return ("<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event>"
                + "<PublishEventInfo><publish_id>" + publishId + "</publish_id><publish_status>" + status
                + "</publish_status><article_id><![CDATA[A-1]]></article_id></PublishEventInfo></xml>")
                .getBytes(StandardCharsets.UTF_8);
    }
}
