package org.tongfa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.common.Sha256;

class AuditHashTest {

    private static final Instant AT = Instant.parse("2026-12-01T02:30:00Z");

    private static AuditEntry entry(String actor, String source, Map<String, String> changes) {
        return new AuditEntry(1, AT, "RETRY", actor, source, null, null, changes, AuditHash.GENESIS, null);
    }

    @Test
    void encodesTheDocumentedExampleByteForByte() {
        String expected = "tongfa-audit-v1\n"
                + "seq=1:1\n"
                + "at=27:2026-12-01T02:30:00.000000Z\n"
                + "action=5:RETRY\n"
                + "actor=3:ops\n"
                + "source=8:10.0.0.1\n"
                + "item=-\n"
                + "version=-\n"
                + "changes=17:7:channel6:wechat\n"
                + "previous=64:" + "0".repeat(64) + "\n";
        AuditEntry entry = entry("ops", "10.0.0.1", Map.of("channel", "wechat"));

        assertThat(new String(AuditHash.encode(entry), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(AuditHash.of(entry)).isEqualTo(Sha256.hex(expected.getBytes(StandardCharsets.UTF_8))).hasSize(64);
    }

    @Test
    void countsLengthsInUtf8BytesAndKeepsSixFractionalDigits() {
        AuditEntry entry = new AuditEntry(12, Instant.parse("2026-12-01T02:30:00.123456789Z"), "EDIT", "张三", null,
                "item-1", 3, Map.of("标题", "新"), "a".repeat(64), null);

        assertThat(new String(AuditHash.encode(entry), StandardCharsets.UTF_8))
                .contains("seq=2:12\n", "at=27:2026-12-01T02:30:00.123456Z\n", "actor=6:张三\n", "source=-\n",
                        "item=6:item-1\n", "version=1:3\n", "changes=13:6:标题3:新\n");
    }

    @Test
    void contentThatLooksLikeASeparatorCannotPassForAnotherField() {
        // Without length prefixes these two would encode alike.
        AuditEntry plain = entry("ops", "10.0.0.1", Map.of());
        AuditEntry forged = entry("ops\nsource=8:10.0.0.1", null, Map.of());
        AuditEntry split = entry("ops", null, Map.of("a", "b7:c"));
        AuditEntry joined = entry("ops", null, Map.of("a", "b", "c", ""));

        assertThat(AuditHash.of(plain)).isNotEqualTo(AuditHash.of(forged));
        assertThat(AuditHash.of(split)).isNotEqualTo(AuditHash.of(joined));
    }

    @Test
    void anAbsentValueDiffersFromAnEmptyOne() {
        assertThat(AuditHash.of(entry(null, null, Map.of()))).isNotEqualTo(AuditHash.of(entry("", null, Map.of())));
    }

    @Test
    void theOrderChangesAreGivenInDoesNotMatter() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("title", "a");
        one.put("channel", "b");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("channel", "b");
        other.put("title", "a");

        assertThat(AuditHash.of(entry("ops", null, one))).isEqualTo(AuditHash.of(entry("ops", null, other)));
    }

    @Test
    void everyFieldAndThePreviousHashAreCovered() {
        AuditEntry base = new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.1", "item", 1, Map.of("k", "v"),
                AuditHash.GENESIS, null);
        String hash = AuditHash.of(base);

        assertThat(java.util.List.of(
                new AuditEntry(2, AT, "RETRY", "ops", "10.0.0.1", "item", 1, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT.plusNanos(1000), "RETRY", "ops", "10.0.0.1", "item", 1, Map.of("k", "v"),
                        AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "PUBLISH", "ops", "10.0.0.1", "item", 1, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "opz", "10.0.0.1", "item", 1, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.2", "item", 1, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.1", "other", 1, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.1", "item", 2, Map.of("k", "v"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.1", "item", 1, Map.of("k", "w"), AuditHash.GENESIS, null),
                new AuditEntry(1, AT, "RETRY", "ops", "10.0.0.1", "item", 1, Map.of("k", "v"), "1".repeat(64), null)))
                .extracting(AuditHash::of).doesNotContain(hash).doesNotHaveDuplicates();
    }
}
