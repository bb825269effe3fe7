package org.tongfa.console.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;
import org.tongfa.common.AuditEvent;
import org.tongfa.security.Role;

/**
 * The Chinese the admin pages show for the service's names: audit actions and the fields of their
 * changes, and roles with their columns (review steps, channel types and states are
 * {@link org.tongfa.console.ConsoleLabels}'s, as on every console page). In templates:
 * {@code ${@adminNames.action(entry.action)}}. A name not in a table is shown as it is, never dropped.
 */
@Component("adminNames")
public class AdminNames {

    static final Map<AuditEvent.Action, String> ACTIONS = Map.ofEntries(
            Map.entry(AuditEvent.Action.SIGN_IN, "登录"),
            Map.entry(AuditEvent.Action.SIGN_IN_FAILED, "登录失败"),
            Map.entry(AuditEvent.Action.SIGN_OUT, "退出登录"),
            Map.entry(AuditEvent.Action.CREATE, "新建稿件"),
            Map.entry(AuditEvent.Action.EDIT, "修改稿件"),
            Map.entry(AuditEvent.Action.SUBMIT, "提交审核"),
            Map.entry(AuditEvent.Action.APPROVE, "审核通过"),
            Map.entry(AuditEvent.Action.RETURN, "退回修改"),
            Map.entry(AuditEvent.Action.SIGN, "签发"),
            Map.entry(AuditEvent.Action.SCHEDULE, "定时发布"),
            Map.entry(AuditEvent.Action.UNSCHEDULE, "取消定时"),
            Map.entry(AuditEvent.Action.PUBLISH, "发布"),
            Map.entry(AuditEvent.Action.RELEASE, "放行发布"),
            Map.entry(AuditEvent.Action.EXPIRE, "到期下线"),
            Map.entry(AuditEvent.Action.RETRACT, "撤回"),
            Map.entry(AuditEvent.Action.RETRY, "重试投递"),
            Map.entry(AuditEvent.Action.CHANNEL_ENABLE, "启用渠道"),
            Map.entry(AuditEvent.Action.CHANNEL_DISABLE, "停用渠道"),
            Map.entry(AuditEvent.Action.ACCOUNT_CREATE, "新建账号"),
            Map.entry(AuditEvent.Action.ACCOUNT_CHANGE, "修改账号"),
            Map.entry(AuditEvent.Action.PASSWORD_CHANGE, "设置密码"),
            Map.entry(AuditEvent.Action.ACCOUNT_LOCK, "账号锁定"),
            Map.entry(AuditEvent.Action.TOKEN_CREATE, "新建 API 令牌"),
            Map.entry(AuditEvent.Action.TOKEN_REVOKE, "吊销 API 令牌"));

    /** The fields of the trail's changes that the accounts, items and channels record. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("login", "登录名"), Map.entry("displayName", "姓名"), Map.entry("department", "部门"),
            Map.entry("kind", "类型"), Map.entry("roles", "角色"), Map.entry("active", "启用"),
            Map.entry("token", "令牌编号"), Map.entry("name", "名称"), Map.entry("title", "标题"),
            Map.entry("column", "栏目"), Map.entry("channel", "渠道"), Map.entry("reason", "原因"),
            Map.entry("opinion", "意见"), Map.entry("step", "审核环节"), Map.entry("status", "状态"),
            Map.entry("publishAt", "发布时间"), Map.entry("expiresAt", "到期时间"));

    /** Every audit action in the order the service declares them, for the filter's choice. */
    public List<AuditEvent.Action> actions() {
        return List.of(AuditEvent.Action.values());
    }

    public String action(AuditEvent.Action action) {
        return ACTIONS.getOrDefault(action, action.name());
    }

    /** An action as stored (its name); an unknown one as it is. */
    public String action(String stored) {
        for (AuditEvent.Action action : AuditEvent.Action.values()) {
            if (action.name().equals(stored)) {
                return action(action);
            }
        }
        return stored;
    }

    public String field(String field) {
        return FIELDS.getOrDefault(field, field);
    }

    /**
     * Roles with their columns, as people read them: {@code 拟稿人（全部栏目）、签发人（工作动态、通知公告）}.
     *
     * @param columnNames column key to its name
     */
    static String roles(Map<Role, Set<String>> roles, Map<String, String> columnNames) {
        if (roles.isEmpty()) {
            return "无";
        }
        StringJoiner all = new StringJoiner("、");
        roles.forEach((role, columns) -> all.add(role.label() + "（" + (columns.isEmpty() ? "全部栏目"
                : String.join("、", columns.stream().map(c -> columnNames.getOrDefault(c, c)).toList())) + "）"));
        return all.toString();
    }
}
