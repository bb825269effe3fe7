package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The held contents of stored versions: each prepared once while held, within a bound on characters. */
class VersionContentsTest {

    private static ItemSnapshots.Prepared prepared(String body) {
        return new ItemSnapshots.Prepared("标题", "摘要", Map.of(), body, "作者", "办公室", "news", "工作动态", null, null,
                null, List.of(), List.of(), "NORMAL", null, null, null, null);
    }

    private final AtomicInteger loaded = new AtomicInteger();

    private VersionContents.Content load(String body) {
        loaded.incrementAndGet();
        return new VersionContents.Content(prepared(body), body.length());
    }

    @Test
    void aHeldVersionIsNotPreparedAgainWhicheverChannelAsks() {
        VersionContents contents = new VersionContents(1_000);
        ItemSnapshots.Prepared first = contents.get("a", 1, () -> load("正文一"));
        for (int i = 0; i < 4; i++) {
            assertThat(contents.get("a", 1, () -> load("不该再读"))).isSameAs(first);
        }
        assertThat(loaded).hasValue(1);
        assertThat(contents.loads()).isEqualTo(1);
        contents.get("a", 2, () -> load("正文二"));
        contents.get("b", 1, () -> load("正文三"));
        assertThat(loaded).as("another version, another item: each its own").hasValue(3);
        assertThat(contents.size()).isEqualTo(3);
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenTheCharactersPassTheBound() {
        VersionContents contents = new VersionContents(30);
        contents.get("a", 1, () -> load("x".repeat(10)));
        contents.get("b", 1, () -> load("x".repeat(10)));
        contents.get("c", 1, () -> load("x".repeat(10)));
        contents.get("a", 1, () -> load("不该再读"));
        contents.get("d", 1, () -> load("x".repeat(10)));
        assertThat(contents.chars()).isEqualTo(30);
        assertThat(contents.size()).isEqualTo(3);
        assertThat(loaded).hasValue(4);
        contents.get("a", 1, () -> load("不该再读"));
        assertThat(loaded).as("a was used last but one, so it stayed").hasValue(4);
        contents.get("b", 1, () -> load("x".repeat(10)));
        assertThat(loaded).as("b was the least recently used, so it went").hasValue(5);
    }

    @Test
    void aVersionLargerThanTheWholeBoundIsPreparedEachTimeAndNothingElseIsDropped() {
        VersionContents contents = new VersionContents(20);
        contents.get("small", 1, () -> load("x".repeat(10)));
        assertThat(contents.get("huge", 1, () -> load("x".repeat(50))).bodyHtml()).hasSize(50);
        contents.get("huge", 1, () -> load("x".repeat(50)));
        assertThat(loaded).hasValue(3);
        assertThat(contents.size()).isEqualTo(1);
        assertThat(contents.chars()).isEqualTo(10);
    }

    @Test
    void theBoundMustBePositive() {
        assertThatThrownBy(() -> new VersionContents(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChars");
    }
}
