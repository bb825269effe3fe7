package org.tongfa.console.delivery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ledger's last error of a delivery in plain Chinese for editors and operators. The ledger keeps what
 * the channel said (English, for logs and the API); this table reads the kinds the adapters write: HTTP
 * status families, timeouts, refused connections, WeChat errcodes (with the advice the wechat package
 * already gives in Chinese), the ledger's own notes. An error it does not know gets a general sentence,
 * and the original text is kept for a {@code <details>} (so nothing is hidden).
 */
final class DeliveryErrors {

    /**
     * An error as shown.
     *
     * @param text the plain Chinese sentence
     * @param original the ledger's text, shown folded away; {@code null} when the sentence says it all
     */
    record Shown(String text, String original) {
    }

    private record Rule(Pattern pattern, String chinese) {
    }

    private static final Pattern HTTP = Pattern.compile("answered HTTP (\\d{3})");
    private static final Pattern ERRCODE = Pattern.compile("errcode (-?\\d+)");
    // The wechat package writes its advice in Chinese after the errcode (": 公众号未获得…"): show that part.
    private static final Pattern CHINESE_ADVICE = Pattern.compile("[:：]\\s*([^:：]*\\p{IsHan}[^A-Za-z]*[。！])");

    /** Checked in order; the first that matches speaks. */
    private static final List<Rule> RULES = List.of(
            rule("gave up after (\\d+) attempts", "已按计划重试 $1 次仍未成功，系统已放弃自动重试，可手动重试。"),
            rule("superseded by version (\\d+)", "已被第 $1 版取代，不再发送。"),
            rule("withdrawn before delivery", "稿件已撤回，此次发布未发送。"),
            rule("not sent.*a later action of the item on this channel replaced it",
                    "此渠道上已有更新的操作（新版本或撤回），此次不再发送。"),
            rule("interrupted by a restart of node", "发送时服务重启，结果未知，系统将用同一幂等键再次发送（不会重复发布）。"),
            rule("ran out of memory", "服务内存不足，发送中断。"),
            rule("idempotency key", "对方拒绝了本次投递的幂等键，需技术人员核对对方的接口。"),
            rule("redirecting to", "对方接口返回重定向，系统不跟随重定向，请在配置中改为最终地址。"),
            rule("timed out", "连接对方超时，对方服务器没有及时响应。"),
            rule("(Connection refused|ConnectException|connect failed|Failed to connect)", "无法连接对方服务器（连接被拒绝），对方服务可能未运行。"),
            rule("(UnknownHostException|unknown host|nodename nor servname)", "找不到对方服务器的地址（域名无法解析）。"),
            rule("(SSLException|SSLHandshake|certificate)", "与对方建立安全连接（HTTPS）失败，可能是证书问题。"),
            rule("(Connection reset|broken pipe|unexpected end of stream)", "与对方的连接中途断开。"),
            rule("private (network|address)", "对方地址属于内部网络，已按安全设置拒绝连接。"),
            rule("WeChat is busy", "微信服务器繁忙。"),
            rule("access token still refused", "微信拒绝了访问凭证（access token），请检查公众号的 AppID 和 AppSecret。"),
            rule("unexpected error", "系统内部出错。"));

    private static Rule rule(String english, String chinese) {
        return new Rule(Pattern.compile(english, Pattern.CASE_INSENSITIVE), chinese);
    }

    private DeliveryErrors() {
    }

    /** The error in Chinese, or {@code null} for none. */
    static Shown show(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        String unknown = error.contains("outcome unknown") || error.contains("may have acted")
                ? "对方可能已经收到，结果未知；系统下次会用同一幂等键核对后再发，不会重复发布。" : "";
        String known = known(error);
        if (known != null) {
            return new Shown(known + unknown, error);
        }
        return new Shown("发送未成功，原因未能归类" + (unknown.isEmpty() ? "，请展开查看原始信息或联系技术人员。" : "。" + unknown), error);
    }

    private static String known(String error) {
        // The ledger's own notes first: "gave up after 3 attempts; last error: ..." says both.
        for (Rule rule : RULES.subList(0, 6)) {
            Matcher m = rule.pattern().matcher(error);
            if (m.find()) {
                String head = expand(rule, m);
                String tail = error.indexOf("last error:") >= 0 ? known(error.substring(error.indexOf("last error:") + 11)) : null;
                return tail == null ? head : head + "最后一次：" + tail;
            }
        }
        Matcher errcode = ERRCODE.matcher(error);
        if (errcode.find()) {
            return weChat(Integer.parseInt(errcode.group(1)), error);
        }
        Matcher http = HTTP.matcher(error);
        if (http.find()) {
            return http(Integer.parseInt(http.group(1)));
        }
        for (Rule rule : RULES.subList(6, RULES.size())) {
            if (rule.pattern().matcher(error).find()) {
                return rule.chinese();
            }
        }
        Matcher advice = CHINESE_ADVICE.matcher(error);
        return advice.find() ? advice.group(1).strip() : null;
    }

    private static String expand(Rule rule, Matcher m) {
        String text = rule.chinese();
        for (int g = 1; g <= m.groupCount(); g++) {
            text = text.replace("$" + g, m.group(g));
        }
        return text;
    }

    /** An HTTP status the partner answered, by family. */
    static String http(int code) {
        if (code == 410) {
            return "对方已停用该接口（HTTP 410），渠道已暂停，确认对方恢复后可重新启用。";
        }
        if (code == 429) {
            return "对方限制了调用频率（HTTP 429）。";
        }
        if (code == 408) {
            return "对方等待请求超时（HTTP 408）。";
        }
        if (code == 401 || code == 403) {
            return "对方拒绝了本系统的身份（HTTP " + code + "），请核对签名密钥或授权设置。";
        }
        if (code == 404) {
            return "对方接口地址不存在（HTTP 404），请核对渠道配置中的地址。";
        }
        if (code == 413) {
            return "稿件内容超出对方允许的大小（HTTP 413）。";
        }
        if (code >= 500) {
            return "对方服务器出错（HTTP " + code + "）。";
        }
        if (code >= 400) {
            return "对方拒收了这篇稿件（HTTP " + code + "），重试前请先查看原因。";
        }
        if (code >= 300) {
            return "对方接口返回重定向（HTTP " + code + "），系统不跟随重定向，请在配置中改为最终地址。";
        }
        return "对方返回了意外的状态（HTTP " + code + "），结果未知。";
    }

    /** A WeChat errcode, as the wechat package classifies them. */
    static String weChat(int code, String error) {
        String prefix = "微信返回错误码 " + code + "：";
        switch (code) {
            case -1:
                return prefix + "微信服务器繁忙。";
            case 40001: case 40014: case 42001:
                return prefix + "访问凭证无效或过期，请检查公众号的 AppID 和 AppSecret。";
            case 45009:
                return prefix + "接口调用超过每日限额。";
            case 45011:
                return prefix + "接口调用过于频繁。";
            case 48001:
                return prefix + "公众号未获得该接口权限（未认证或未开通发布能力），请在微信公众平台完成认证并确认接口权限。";
            case 40164:
                return prefix + "本服务的出口 IP 不在公众号的 IP 白名单中，请在公众平台添加。";
            case 40007:
                return prefix + "素材或草稿已不存在（media_id 无效），重试即可重新上传。";
            case 40125: case 40013: case 41004:
                return prefix + "AppID 或 AppSecret 不正确，请检查渠道配置。";
            default:
                Matcher advice = CHINESE_ADVICE.matcher(error);
                return prefix + (advice.find() ? advice.group(1).strip() : "请对照微信全局返回码说明处理。");
        }
    }
}
