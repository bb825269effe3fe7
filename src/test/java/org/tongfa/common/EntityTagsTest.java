package org.tongfa.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    private static final byte[] PAGE = "<p>工作动态</p>".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameBytesGiveTheSameQuotedTagWhereverTheyAreHashed() {
        String tag = EntityTags.of(PAGE);
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(EntityTags.of(PAGE.clone())).isEqualTo(tag);
        assertThat(EntityTags.of("<p>通知公告</p>".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(tag);
    }

    @Test
    void ifNoneMatchNamesTheTagAloneInAListWeaklyOrByStar() {
        String tag = EntityTags.of(PAGE);
        assertThat(EntityTags.matches(tag, tag)).isTrue();
        assertThat(EntityTags.matches("\"other\", " + tag, tag)).isTrue();
        assertThat(EntityTags.matches("W/" + tag, tag)).isTrue();
        assertThat(EntityTags.matches("*", tag)).isTrue();
        assertThat(EntityTags.matches("\"other\"", tag)).isFalse();
        assertThat(EntityTags.matches(tag.replace("\"", ""), tag)).isFalse();
        assertThat(EntityTags.matches(null, tag)).isFalse();
    }
}
