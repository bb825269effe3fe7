package org.tongfa.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tongfa.web.ApiException;
import org.tongfa.web.FieldProblem;

/**
 * The API's refusal of a form, as the form shows it: each field's problem in Chinese, keyed by the same
 * field path the API names ({@code title}, {@code overrides.gzh.title}, {@code related[0].itemId}), and
 * what names no field as one line above the form. In a template: {@code errors.of('title')} next to the
 * field (with {@code aria-describedby} and {@code aria-invalid}), {@code errors.summary} at the top.
 *
 * <p>Messages are translated by {@link #chinese(String)}: a table of the API's English messages (kept
 * beside the Chinese where the API already gives both); an unknown message is shown as the API wrote it,
 * never dropped.
 */
public final class FormErrors {

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    /** The refusal's field problems in Chinese; its detail when it names no field. */
    public static FormErrors of(ApiException refusal) {
        FormErrors errors = new FormErrors();
        for (FieldProblem problem : refusal.errors()) {
            errors.add(problem.field(), chinese(problem.message()));
        }
        if (refusal.errors().isEmpty()) {
            errors.summary.add(chinese(refusal.getMessage()));
        }
        return errors;
    }

    public FormErrors add(String field, String message) {
        fields.merge(field, message, (a, b) -> a + "；" + b);
        return this;
    }

    public FormErrors addSummary(String message) {
        summary.add(message);
        return this;
    }

    public boolean isEmpty() {
        return fields.isEmpty() && summary.isEmpty();
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field's message, or {@code null}. */
    public String of(String field) {
        return fields.get(field);
    }

    public Map<String, String> getFields() {
        return fields;
    }

    /** Lines about no one field, and a count of the fields in error when there are any. */
    public List<String> getSummary() {
        List<String> lines = new ArrayList<>(summary);
        if (!fields.isEmpty()) {
            lines.add(fields.size() + " 处填写有误，请按各项下方的提示修改。");
        }
        return lines;
    }

    private record Rule(Pattern english, String chinese) {
    }

    /** English message patterns of the API and their Chinese; {@code $1}.. are the pattern's groups. */
    private static final List<Rule> RULES = List.of(
            rule("must not be blank", "不能为空"),
            rule("must not be null", "不能为空"),
            rule("must not be empty", "不能为空"),
            rule("is required", "必填"),
            rule("size must be between (\\d+) and (\\d+)", "长度须在 $1 到 $2 之间"),
            rule("length must be between (\\d+) and (\\d+)", "长度须在 $1 到 $2 之间"),
            rule("must be at most (\\d+) characters?", "不能超过 $1 个字"),
            rule("must be less than or equal to (\\d+)", "不能大于 $1"),
            rule("must be greater than or equal to (\\d+)", "不能小于 $1"),
            rule("must be an asset id", "不是有效的图片编号"),
            rule("must be an item id", "不是有效的稿件编号"),
            rule("unknown field", "不认识的字段"),
            rule("lists a channel twice", "同一渠道列了两次"),
            rule("an item cannot be linked to itself", "稿件不能关联自己"),
            rule("no item (.+)", "没有编号为 $1 的稿件"),
            rule("unknown column '(.*)'; known: (.*)", "没有栏目“$1”，可选：$2"),
            rule("unknown channel '(.*)'.*", "没有渠道“$1”"),
            rule("no enabled channel to publish to", "没有可发布的已启用渠道"),
            rule("passed before the release happened", "到期时间早于发布时间"),
            rule("too large", "文件过大"),
            rule("cannot read '(.*)' as (.*)", "无法识别“$1”"),
            rule("no asset (.+); upload it first", "图片 $1 不存在，请先上传"),
            rule("is in the past.*backdated.*", "不能早于当前时间：发布时间不能倒签"),
            rule("is not after the publication time.*", "到期时间须晚于发布时间，否则稿件不会显示"),
            rule("item \\S+ is (\\w+), not SCHEDULED", "稿件已不是定时发布状态（当前：$1），无需取消"),
            rule("item \\S+ is (\\w+); publishing or scheduling needs APPROVED.*", "稿件尚未通过全部审核（当前：$1），不能定时发布"),
            // The account feature's messages: the Chinese first, the English in brackets after it.
            rule("(\\p{IsHan}[^()]*?)\\s*\\([^()]*\\)", "$1"));

    private static Rule rule(String english, String chinese) {
        return new Rule(Pattern.compile(english, Pattern.CASE_INSENSITIVE), chinese);
    }

    /**
     * The Chinese of one of the API's messages. A message that already carries its Chinese in brackets
     * ({@code "... (登录名或密码错误)"}) shows that part; a known English message its translation; any other
     * is returned as it is.
     */
    public static String chinese(String message) {
        if (message == null || message.isBlank()) {
            return "填写有误";
        }
        Matcher bracketed = Pattern.compile(".*[(（]([^()（）]*\\p{IsHan}[^()（）]*)[)）]\\s*$").matcher(message);
        if (bracketed.matches()) {
            return bracketed.group(1).strip();
        }
        for (Rule rule : RULES) {
            Matcher matcher = rule.english().matcher(message.strip());
            if (matcher.matches()) {
                return matcher.replaceAll(rule.chinese());
            }
        }
        return message;
    }
}
