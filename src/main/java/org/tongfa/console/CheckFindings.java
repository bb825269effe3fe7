package org.tongfa.console;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tongfa.check.Finding;
import org.tongfa.check.Verdict;
import org.tongfa.console.editor.ItemForm;

/**
 * A pre-publish check's finding as the console lists it: the verdict's word and badge, where (the field in
 * Chinese, and the place in its text), what is wrong and what to write instead.
 */
public record CheckFindings(String verdict, String css, String check, String where, String excerpt, String message,
        String suggestion) {

    private static final Map<String, String> CHECKS = Map.of("words", "用词", "personal-data", "个人信息",
            "links", "链接", "parts", "必备要素", "dates", "日期", "channel-limits", "渠道限制");
    private static final Pattern IMAGE = Pattern.compile("images\\[(\\d+)]\\.alt");

    public static CheckFindings of(Finding finding) {
        String where = field(finding.field()) + (finding.offset() >= 0 ? "，第 " + (finding.offset() + 1) + " 字" : "");
        return new CheckFindings(finding.verdict().label(), finding.verdict() == Verdict.BLOCK ? "bad" : "warn",
                CHECKS.getOrDefault(finding.check(), finding.check()), where, finding.excerpt(), finding.message(),
                finding.suggestion());
    }

    /** A finding's field in Chinese: 正文, 第 2 张图片的替代文字, 渠道“wechat”的标题 (the editor's own names). */
    static String field(String field) {
        Matcher image = IMAGE.matcher(field);
        if (image.matches()) {
            return "第 " + (Integer.parseInt(image.group(1)) + 1) + " 张图片的替代文字";
        }
        return ItemForm.fieldLabel(field);
    }
}
