package org.tongfa.console;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tongfa.check.Finding;
import org.tongfa.check.Verdict;

/**
 * A pre-publish check's finding as the console lists it: the verdict's word and badge, where (the field in
 * Chinese, and the place in its text), what is wrong and what to write instead.
 */
public record CheckFindings(String verdict, String css, String check, String where, String excerpt, String message,
        String suggestion) {

    private static final Map<String, String> CHECKS = Map.of("words", "用词", "personal-data", "个人信息",
            "links", "链接", "parts", "必备要素", "dates", "日期", "channel-limits", "渠道限制");
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("title", "标题"),
            Map.entry("summary", "摘要"), Map.entry("body", "正文"), Map.entry("author", "作者"),
            Map.entry("documentNumber", "发文字号"), Map.entry("indexNumber", "索引号"),
            Map.entry("related", "关联政策"), Map.entry("publishAt", "发布时间"), Map.entry("channels", "发布渠道"),
            Map.entry("images", "图片"), Map.entry("links", "链接"));
    private static final Map<String, String> OVERRIDE_FIELDS = Map.of("title", "标题", "summary", "摘要",
            "shortTitle", "短标题");
    private static final Pattern IMAGE = Pattern.compile("images\\[(\\d+)]\\.alt");
    private static final Pattern OVERRIDE = Pattern.compile("overrides\\.([^.]+)\\.(\\w+)");

    public static CheckFindings of(Finding finding) {
        String where = field(finding.field()) + (finding.offset() >= 0 ? "，第 " + (finding.offset() + 1) + " 字" : "");
        return new CheckFindings(finding.verdict().label(), finding.verdict() == Verdict.BLOCK ? "bad" : "warn",
                CHECKS.getOrDefault(finding.check(), finding.check()), where, finding.excerpt(), finding.message(),
                finding.suggestion());
    }

    /** A finding's field in Chinese: 正文, 第 2 张图片的替代文字, 微信渠道的标题, ...; an unknown one as it is. */
    static String field(String field) {
        Matcher image = IMAGE.matcher(field);
        if (image.matches()) {
            return "第 " + (Integer.parseInt(image.group(1)) + 1) + " 张图片的替代文字";
        }
        Matcher override = OVERRIDE.matcher(field);
        if (override.matches()) {
            return override.group(1) + " 渠道的" + OVERRIDE_FIELDS.getOrDefault(override.group(2), override.group(2));
        }
        return FIELDS.getOrDefault(field, field);
    }
}
