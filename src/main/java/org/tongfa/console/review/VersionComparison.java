package org.tongfa.console.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tongfa.console.ConsoleLabels;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.item.ItemView;

/**
 * Two versions of an item compared for a reader: each field that changed (title, summary, metadata...)
 * with its words marked, and the body paragraph by paragraph ({@link TextDiff}).
 *
 * @param fields the fields that differ, in the editor's order
 * @param body the body's paragraphs, unchanged ones included
 */
public record VersionComparison(ItemView from, ItemView to, List<FieldChange> fields, List<TextDiff.Paragraph> body) {

    /** A field that differs: its label, both values as shown, and the words that changed. */
    public record FieldChange(String label, String before, String after, List<TextDiff.Segment> segments) {
    }

    /** Whether the body's text changed at all. */
    public boolean isBodyChanged() {
        return body.stream().anyMatch(TextDiff.Paragraph::isChanged);
    }

    static VersionComparison of(ItemView from, ItemView to, ConsoleLabels labels, ConsoleTimes times) {
        List<FieldChange> fields = new ArrayList<>();
        add(fields, "标题", from.title(), to.title());
        add(fields, "摘要", from.summary(), to.summary());
        add(fields, "作者", from.author(), to.author());
        add(fields, "发布部门", from.department(), to.department());
        add(fields, "栏目", from.column(), to.column());
        add(fields, "公开属性", disclosure(from, labels), disclosure(to, labels));
        add(fields, "索引号", from.indexNumber(), to.indexNumber());
        add(fields, "发文字号", from.documentNumber(), to.documentNumber());
        add(fields, "成文日期", text(from.signedOn()), text(to.signedOn()));
        add(fields, "有效性", validity(from), validity(to));
        add(fields, "主题分类", from.topic(), to.topic());
        add(fields, "标签", String.join("、", from.tags()), String.join("、", to.tags()));
        add(fields, "优先级", text(from.priority()), text(to.priority()));
        add(fields, "定时发布", times.minute(from.publishAt()), times.minute(to.publishAt()));
        add(fields, "到期时间", times.minute(from.expireAt()), times.minute(to.expireAt()));
        add(fields, "发布渠道", String.join("、", from.channels()), String.join("、", to.channels()));
        add(fields, "封面图", from.coverAssetId(), to.coverAssetId());
        add(fields, "渠道定制", overrides(from), overrides(to));
        return new VersionComparison(from, to, fields, TextDiff.html(from.body(), to.body()));
    }

    private static void add(List<FieldChange> fields, String label, String before, String after) {
        String a = before == null ? "" : before;
        String b = after == null ? "" : after;
        if (!Objects.equals(a, b)) {
            fields.add(new FieldChange(label, a, b, TextDiff.words(a, b)));
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String disclosure(ItemView item, ConsoleLabels labels) {
        if (item.disclosure() == null) {
            return "";
        }
        String reason = item.disclosure().reason();
        return labels.disclosure(item.disclosure().type()) + (reason == null || reason.isBlank() ? "" : "（" + reason + "）");
    }

    private static String validity(ItemView item) {
        return item.validity() == null ? "" : item.validity().status() + (item.validity().date() == null ? ""
                : " " + item.validity().date());
    }

    private static String overrides(ItemView item) {
        List<String> lines = new ArrayList<>();
        item.overrides().forEach((channel, o) -> lines.add(channel + "：" + (o.title() == null ? "" : "标题“" + o.title() + "”")
                + (o.summary() == null ? "" : " 摘要“" + o.summary() + "”")));
        return String.join("；", lines);
    }
}
