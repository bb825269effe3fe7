package org.tongfa.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tongfa.common.Sha256;

/**
 * How an audit row is hashed: SHA-256, as 64 lower-case hex digits, over the row's canonical encoding.
 * Anyone can re-check the trail from the database with this definition alone.
 *
 * <p>The encoding, in UTF-8, is the line {@code tongfa-audit-v1}, then one line per field, always in this
 * order: {@code seq}, {@code at}, {@code action}, {@code actor}, {@code source}, {@code item},
 * {@code version}, {@code changes}, {@code previous}. A line is the field's name, {@code =}, its value
 * and {@code \n}. A value is {@code -} when absent, else its length in UTF-8 bytes (decimal), {@code :}
 * and those bytes; because every value says its own length, no content can pass for a separator. The
 * values: {@code seq} and {@code version} in decimal; {@code at} as ISO-8601 in UTC with exactly six
 * fractional digits ({@code 2026-12-01T02:30:00.000000Z}), the precision both H2 and PostgreSQL keep,
 * so a row reads back as it was hashed; {@code changes} as the concatenation, in the byte order of
 * their UTF-8 keys, of each field's key value and then its value value (both encoded as above);
 * {@code previous} the previous row's hash, or {@link #GENESIS} for the first row.
 *
 * <p>For example seq 1, at 2026-12-01T02:30:00Z, action {@code RETRY} by {@code ops} from
 * {@code 10.0.0.1} on no item, with changes {@code {channel=wechat}}, is
 * <pre>
 * tongfa-audit-v1
 * seq=1:1
 * at=27:2026-12-01T02:30:00.000000Z
 * action=5:RETRY
 * actor=3:ops
 * source=8:10.0.0.1
 * item=-
 * version=-
 * changes=17:7:channel6:wechat
 * previous=64:000...000
 * </pre>
 */
final class AuditHash {

    /** What the first row chains to: 64 zeros. */
    static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditHash() {
    }

    /** {@code instant} at the precision the trail keeps. */
    static Instant precise(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The hash of {@code entry}'s content and previous hash (its own {@code hash} is not part of it). */
    static String of(AuditEntry entry) {
        return Sha256.hex(encode(entry));
    }

    /** The canonical encoding of {@code entry}, as defined above. */
    static byte[] encode(AuditEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes("tongfa-audit-v1\n".getBytes(StandardCharsets.UTF_8));
        line(out, "seq", Long.toString(entry.seq()));
        line(out, "at", TIME.format(entry.at()));
        line(out, "action", entry.action());
        line(out, "actor", entry.actor());
        line(out, "source", entry.sourceAddress());
        line(out, "item", entry.itemId());
        line(out, "version", entry.version() == null ? null : entry.version().toString());
        line(out, "changes", changes(entry.changes()));
        line(out, "previous", entry.previousHash());
        return out.toByteArray();
    }

    private static byte[] changes(Map<String, String> changes) {
        List<byte[][]> fields = new ArrayList<>();
        changes.forEach((key, value) -> fields.add(new byte[][] {utf8(key), value == null ? null : utf8(value)}));
        fields.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[][] field : fields) {
            value(out, field[0]);
            value(out, field[1]);
        }
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String name, String value) {
        line(out, name, value == null ? null : utf8(value));
    }

    private static void line(ByteArrayOutputStream out, String name, byte[] value) {
        out.writeBytes(utf8(name + "="));
        value(out, value);
        out.write('\n');
    }

    private static void value(ByteArrayOutputStream out, byte[] value) {
        if (value == null) {
            out.write('-');
            return;
        }
        out.writeBytes(utf8(value.length + ":"));
        out.writeBytes(value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
