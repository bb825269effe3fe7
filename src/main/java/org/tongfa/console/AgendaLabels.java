package org.tongfa.console;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;
import org.tongfa.item.ItemStatus;

/**
 * The Chinese names the home page and the calendar print for what the services answer in codes: an
 * item's state, a review step, a column, a channel's state (with the {@code .status} class that gives it
 * its icon). In templates: {@code ${@agendaLabels.status(item.status)}}.
 */
@Component("agendaLabels")
public class AgendaLabels {

    private static final Map<ItemStatus, String> STATUS = Map.of(
            ItemStatus.DRAFT, "草稿", ItemStatus.IN_REVIEW, "审核中", ItemStatus.RETURNED, "已退回",
            ItemStatus.APPROVED, "已通过审核", ItemStatus.SCHEDULED, "定时发布", ItemStatus.PUBLISHED, "已发布",
            ItemStatus.RETRACTED, "已撤回");
    private static final Map<String, String> STEP = Map.of("office", "办公室审核", "confidentiality", "保密审查",
            "signer", "签发");
    /** A channel state's words and its status class (ok, bad, warn, wait, off). */
    private static final Map<String, String[]> CHANNEL = Map.of(
            "CLOSED", new String[] {"正常", "ok"},
            "OPEN", new String[] {"连续失败，暂停发送", "bad"},
            "HALF_OPEN", new String[] {"正在试探恢复", "wait"},
            "PAUSED", new String[] {"应对方要求暂停", "warn"},
            "DISABLED", new String[] {"已停用", "bad"},
            "OFF", new String[] {"未启用", "off"});

    private final TongfaProperties properties;

    AgendaLabels(TongfaProperties properties) {
        this.properties = properties;
    }

    /** 草稿, 审核中, ... */
    public String status(ItemStatus status) {
        return status == null ? "" : STATUS.get(status);
    }

    /** 办公室审核, 保密审查, 签发; an unknown key as it is. */
    public String step(String key) {
        return key == null ? "" : STEP.getOrDefault(key, key);
    }

    /** The column's name (栏目名称), or its key when it is no longer configured. */
    public String column(String key) {
        TongfaProperties.Column column = properties.columns().get(key);
        return column == null ? key : column.name();
    }

    /** A channel state's words. */
    public String channelState(String state) {
        return CHANNEL.getOrDefault(state, new String[] {state, "warn"})[0];
    }

    /** A channel state's status class: ok, bad, warn, wait or off. */
    public String channelStateClass(String state) {
        return CHANNEL.getOrDefault(state, new String[] {state, "warn"})[1];
    }
}
