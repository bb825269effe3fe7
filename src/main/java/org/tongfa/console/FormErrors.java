package org.tongfa.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tongfa.account.AccountRefusal;
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

    /** An account refusal's field problems in Chinese, as {@link #of(ApiException)} shows the API's answer to it. */
    public static FormErrors of(AccountRefusal refusal) {
        FormErrors errors = new FormErrors();
        refusal.fields().forEach(field -> errors.add(field.field(), chinese(field.message())));
        if (refusal.fields().isEmpty()) {
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
            rule("no account (.+)", "没有账号 $1"),
            rule("no token (.+) of account (.+)", "账号 $2 没有编号为 $1 的令牌"),
            rule("the login (.+) is taken", "登录名 $1 已被占用"),
            rule("unknown role; roles: .*", "没有这个角色"),
            rule("unknown column '(.*)'; columns: (.*)", "没有栏目“$1”，可选：$2"),
            rule("a service account has no password: it works with tokens", "服务账号没有密码，只用 API 令牌"),
            rule("(.+) is a service account: it has no password", "$1 是服务账号，没有密码"),
            rule("must be in the future", "须晚于现在"),
            rule("item \\S+ is at version (\\d+), not (\\d+): it was edited since; review the current version",
                    "稿件已改到第 $1 版，您看的是第 $2 版：页面已过期，请刷新后审核最新版本"),
            rule("item \\S+ is IN_REVIEW at step (\\w+), not (\\w+)", "稿件当前在 $1 环节，不在 $2 环节：页面已过期，请刷新"),
            rule("item \\S+ is (.+), not IN_REVIEW", "稿件当前不在审核中（$1）：页面已过期，请刷新"),
            rule("step (\\w+) of version (\\d+) was decided by someone else at the same time; reload the item",
                    "这一环节刚由他人作出决定，请刷新页面"),
            rule("\\S+ drafted this item \\(version \\d+\\) and cannot decide any step of it: no self-approval",
                    "您起草了这篇稿件，不能审核自己的稿件"),
            rule("\\S+ already took step (\\w+) of version (\\d+); one person takes one step of a version",
                    "您已审过第 $2 版的 $1 环节，同一人不能审同一版本的两个环节"),
            rule("this needs role (\\w+) \\((.+)\\) on column (\\S+), which \\S+ does not hold",
                    "此操作需要栏目 $3 的“$2”角色"),
            rule("is required when returning: tell the drafter what to change", "退回时必须填写意见，告诉拟稿人要改什么"),
            rule("is required: the basis of the verdict", "请填写审查依据"),
            rule("is required: APPROVE or RETURN", "请选择通过或退回"),
            rule("is longer than (\\d+) characters", "不能超过 $1 个字"),
            rule("is (\\w+): only PROACTIVE \\(主动公开\\) items may be published to public channels \\[(.*)\\]",
                    "非主动公开的稿件不能发布到公开渠道（$2）"),
            rule("interprets item \\S+ \\('(.*)'\\), which is (\\w+): publish the policy first, or both together",
                    "所解读的政策“$1”尚未发布（$2）：请先发布政策，或与其一并发布"),
            // the item editor's (issue 12): ItemService, BodySanitizer, DocumentMetadata, ItemRequest
            rule("is required when the type is (ON_REQUEST|NOT_PUBLIC).*", "依申请公开或不公开时必填：请写明不予主动公开的依据"),
            rule("is too long for channel (\\S+): \\S+ allows at most (\\d+) characters in an? \\w+ [(]([^)]+)[)], "
                    + "this one has (\\d+).*", "超出渠道“$1”的限制：$3最多 $2 字，现有 $4 字；请删减，或在“各渠道单独设置”中另写"),
            rule("is too long for channel (\\S+): \\S+ needs a body [(]正文[)] under (\\d+) characters, this one has (\\d+).*",
                    "超出渠道“$1”的限制：正文须少于 $2 字，现有 $3 字"),
            rule("is in the past; a publication time can never be backdated", "已是过去的时间：发布时间不能倒填"),
            rule("is in the past [(].*", "已是过去的时间：发布时间不能倒填"),
            rule("is not in the future", "须晚于现在"),
            rule("is not after publishAt", "须晚于定时发布时间"),
            rule("is not after the publication time.*", "须晚于发布时间，否则稿件不会被看到"),
            rule("is empty once unsafe markup is removed", "去掉不安全的内容后为空，请填写正文"),
            rule("image /assets/(.+) does not exist; upload it first", "图片 $1 不存在，请先上传"),
            rule("image (\\d+) [(].*[)] has no alt text.*", "第 $1 张图片没有替代文字：请说明图片内容"),
            rule("image (\\d+) [(].*[)] is not an uploaded asset.*", "第 $1 张图片不是上传的图片：请通过“插入图片”上传"),
            rule("may contain only letters, digits and - _ / . brackets", "只能包含文字、数字和 - _ / . 及括号"),
            rule("unknown topic '(.*)'.*", "没有主题分类“$1”"),
            rule("is in the future [(].*", "不能晚于今天"),
            rule("is required when the status is .*", "有效性为废止或失效时必填"),
            rule("is only for REPEALED or LAPSED.*", "只有废止或失效时才填写"),
            rule("is before signedOn.*", "不能早于成文日期"),
            rule("is required: say why the item is withdrawn", "必填：请写明撤回原因"),
            rule("item (\\S+) is already RETRACTED", "该稿件已撤回"),
            rule("item (\\S+) is a DRAFT and was never published", "该稿件是草稿，从未发布，无需撤回"),
            rule("item (\\S+) is SCHEDULED, not published.*", "该稿件尚未发布（已定时），请取消定时而不是撤回"),
            rule("item (\\S+) is (\\S+) and was never published", "该稿件从未发布，无需撤回"),
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
