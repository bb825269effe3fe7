package org.tongfa.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ReviewStep;

/**
 * The one place the console turns the services' codes into the words editors read: an item's state, a
 * review step or a history action, a decision, the disclosure attribute, a column, a channel's type and
 * state, each with the {@code .status} class of console.css whose icon repeats it ({@code ok}, {@code bad},
 * {@code warn}, {@code wait}, {@code off}). The words of an item's state, a review step and the disclosure
 * attribute are the domain's own ({@link ItemStatus#label()}, {@link ReviewStep#label()},
 * {@link DisclosureType#label()}), so every page says the same. In templates:
 * {@code ${@labels.status(item.status)}}.
 */
@Component("labels")
public class ConsoleLabels {

    /** A word and its status class. */
    public record Label(String text, String css) {
    }

    /** The history's actions that are not review steps. */
    private static final Map<String, String> ACTIONS = Map.of("submit", "送审", "withdraw", "撤销签发",
            "retract", "撤回", "release", "直接发布");
    private static final Map<String, String> DECISIONS = Map.of("SUBMITTED", "已送审", "APPROVED", "通过",
            "RETURNED", "退回", "RETRACTED", "撤回", "RELEASED_UNREVIEWED", "未经审核发布");
    private static final Map<String, String> CHANNEL_TYPES = Map.of("folder", "文件夹", "webhook", "Webhook 推送",
            "website", "网站", "feed", "订阅源", "wechat", "微信公众号", "display", "大厅显示屏");
    private static final Map<String, Label> CHANNEL_STATES = Map.of(
            "CLOSED", new Label("正常", "ok"),
            "OPEN", new Label("连续失败，暂停发送", "bad"),
            "HALF_OPEN", new Label("试探恢复中", "wait"),
            "PAUSED", new Label("应对方要求暂停", "warn"),
            "DISABLED", new Label("已停用", "bad"),
            "OFF", new Label("未启用", "off"));

    private final TongfaProperties properties;

    ConsoleLabels(TongfaProperties properties) {
        this.properties = properties;
    }

    /** An item's state (an {@link ItemStatus} or its name): 草稿, 审核中, ...; an unknown one as it is. */
    public String status(Object status) {
        return itemStatus(status).map(ItemStatus::label).orElse(status == null ? "" : status.toString());
    }

    /** The status class of an item's state. */
    public String statusClass(Object status) {
        return itemStatus(status).map(ConsoleLabels::css).orElse("off");
    }

    /** The status class of an item's state. */
    public static String css(ItemStatus status) {
        return switch (status) {
            case APPROVED, PUBLISHED -> "ok";
            case RETURNED -> "warn";
            case IN_REVIEW, SCHEDULED -> "wait";
            case DRAFT, RETRACTED -> "off";
        };
    }

    private static Optional<ItemStatus> itemStatus(Object status) {
        if (status instanceof ItemStatus known) {
            return Optional.of(known);
        }
        for (ItemStatus s : ItemStatus.values()) {
            if (status != null && s.name().equals(status.toString())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A review step (办公室审核, 保密审查, 签发) or a history action (送审, 撤回, ...); an unknown key as it is. */
    public String step(String key) {
        if (key == null) {
            return "";
        }
        return ReviewStep.of(key).map(ReviewStep::label).orElse(ACTIONS.getOrDefault(key, key));
    }

    /** A review chain: {@code 办公室审核 → 签发}. */
    public String chain(List<String> steps) {
        return String.join(" → ", steps.stream().map(this::step).toList());
    }

    public String decision(Object decision) {
        return decision == null ? "" : DECISIONS.getOrDefault(decision.toString(), decision.toString());
    }

    public String decisionClass(Object decision) {
        if (decision == null) {
            return "off";
        }
        String d = decision.toString();
        return d.equals("APPROVED") ? "ok" : d.equals("RETURNED") || d.equals("RETRACTED") ? "warn" : "wait";
    }

    /** 主动公开, 依申请公开, 不公开 (a {@link DisclosureType} or its name); an unknown one as it is. */
    public String disclosure(Object type) {
        if (type == null) {
            return "";
        }
        for (DisclosureType t : DisclosureType.values()) {
            if (t == type || t.name().equals(type.toString())) {
                return t.label();
            }
        }
        return type.toString();
    }

    /** The column's name (栏目名称), or its key when it is no longer configured. */
    public String column(String key) {
        TongfaProperties.Column column = key == null ? null : properties.columns().get(key);
        return column == null ? key : column.name();
    }

    /** A channel type's name: 网站, 微信公众号, ... */
    public String channelType(String type) {
        return CHANNEL_TYPES.getOrDefault(type, type);
    }

    /** A channel state's words and class; an unknown state as it is, as a warning. */
    public Label channelState(String state) {
        return CHANNEL_STATES.getOrDefault(state, new Label(state, "warn"));
    }
}
