package org.tongfa.console.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.console.review.TextDiff.Kind;
import org.tongfa.console.review.TextDiff.Paragraph;
import org.tongfa.console.review.TextDiff.Segment;

class TextDiffTest {

    @Test
    void marksTheChineseCharactersThatChangedWithinASentence() {
        assertThat(TextDiff.words("市政府召开常务会议", "市政府召开专题会议")).containsExactly(
                new Segment(Kind.SAME, "市政府召开"), new Segment(Kind.DELETED, "常务"),
                new Segment(Kind.INSERTED, "专题"), new Segment(Kind.SAME, "会议"));
    }

    @Test
    void comparesLatinWordsAndNumbersAsWholeWords() {
        assertThat(TextDiff.tokens("共 2026 项 GDP")).containsExactly("共", " ", "2026", " ", "项", " ", "GDP");
        assertThat(TextDiff.words("发放 120 万元", "发放 125 万元")).containsExactly(
                new Segment(Kind.SAME, "发放 "), new Segment(Kind.DELETED, "120"), new Segment(Kind.INSERTED, "125"),
                new Segment(Kind.SAME, " 万元"));
    }

    @Test
    void identicalTextsAreOneUnchangedSegmentAndEmptyOnesNone() {
        assertThat(TextDiff.words("不变", "不变")).containsExactly(new Segment(Kind.SAME, "不变"));
        assertThat(TextDiff.words("", "")).isEmpty();
        assertThat(TextDiff.words(null, "新")).containsExactly(new Segment(Kind.INSERTED, "新"));
    }

    @Test
    void cutsTheBodyIntoBlockParagraphsWithoutCountingNestedBlocksTwice() {
        assertThat(TextDiff.paragraphs("<h2>一、总则</h2><p>第一段<strong>加粗</strong>。</p><ul><li>甲</li></ul>"
                + "<table><tr><td><p>单元格</p></td></tr></table><p> </p>"))
                .containsExactly("一、总则", "第一段加粗。", "甲", "单元格");
        assertThat(TextDiff.paragraphs("只有文字")).containsExactly("只有文字");
        assertThat(TextDiff.paragraphs(null)).isEmpty();
    }

    @Test
    void keepsUnchangedParagraphsAndComparesAChangedOneWordByWord() {
        List<Paragraph> diff = TextDiff.html("<p>第一段。</p><p>第二段旧文字。</p><p>第三段。</p>",
                "<p>第一段。</p><p>第二段新文字。</p><p>第三段。</p>");
        assertThat(diff).hasSize(3);
        assertThat(diff.get(0)).isEqualTo(new Paragraph(Kind.SAME, List.of(new Segment(Kind.SAME, "第一段。"))));
        assertThat(diff.get(1).isChanged()).isTrue();
        assertThat(diff.get(1).segments()).containsExactly(new Segment(Kind.SAME, "第二段"),
                new Segment(Kind.DELETED, "旧"), new Segment(Kind.INSERTED, "新"), new Segment(Kind.SAME, "文字。"));
        assertThat(diff.get(2).isChanged()).isFalse();
    }

    @Test
    void showsAddedAndRemovedParagraphsAsWholes() {
        List<Paragraph> diff = TextDiff.paragraphs(List.of("甲", "乙", "丙"), List.of("甲", "丙", "丁"));
        assertThat(diff).extracting(Paragraph::kind).containsExactly(Kind.SAME, Kind.DELETED, Kind.SAME, Kind.INSERTED);
        assertThat(diff.get(1).segments()).containsExactly(new Segment(Kind.DELETED, "乙"));
        assertThat(diff.get(3).segments()).containsExactly(new Segment(Kind.INSERTED, "丁"));
    }

    @Test
    void aVeryLongChangedParagraphIsShownReplacedRatherThanComparedForever() {
        String before = "甲".repeat(2500) + "乙".repeat(2500);
        String after = "丙".repeat(2500) + "丁".repeat(2500);
        List<Segment> diff = TextDiff.words(before, after);
        assertThat(diff).extracting(Segment::kind).containsExactly(Kind.DELETED, Kind.INSERTED);
        assertThat(diff.get(0).text()).isEqualTo(before);
    }
}
