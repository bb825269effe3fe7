package org.tongfa.console.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tongfa.common.AuditEvent;
import org.tongfa.console.FormErrors;
import org.tongfa.security.Role;

class AdminNamesTest {

    private final AdminNames names = new AdminNames();

    @Test
    void everyAuditActionHasAChineseName() {
        for (AuditEvent.Action action : AuditEvent.Action.values()) {
            assertThat(names.action(action)).as(action.name()).isNotEqualTo(action.name()).matches(".*\\p{IsHan}.*");
            assertThat(names.action(action.name())).isEqualTo(names.action(action));
        }
        assertThat(names.action("SOMETHING_NEW")).as("an unknown stored action is shown as it is").isEqualTo("SOMETHING_NEW");
    }

    @Test
    void rolesReadWithTheirColumnNames() {
        Map<Role, Set<String>> roles = new LinkedHashMap<>();
        roles.put(Role.DRAFTER, Set.of("news"));
        roles.put(Role.SIGNER, Set.of());
        assertThat(AdminNames.roles(roles, Map.of("news", "工作动态"))).isEqualTo("拟稿人（工作动态）、签发人（全部栏目）");
        assertThat(AdminNames.roles(Map.of(), Map.of())).isEqualTo("无");
    }

    @Test
    void theAccountsRefusalsReadInChinese() {
        assertThat(FormErrors.chinese("must match [a-z][a-z0-9._-]{1,63} (小写字母开头, 仅含小写字母、数字和 . _ -)"))
                .startsWith("小写字母开头");
        assertThat(FormErrors.chinese("unknown column 'sport'; columns: [news, notices]"))
                .isEqualTo("没有栏目“sport”，可选：[news, notices]");
        assertThat(FormErrors.chinese("the login drafter1 is taken")).isEqualTo("登录名 drafter1 已被占用");
        assertThat(FormErrors.chinese("must be in the future")).isEqualTo("须晚于现在");
        assertThat(FormErrors.chinese("no account sample")).isEqualTo("没有账号 sample");
        assertThat(FormErrors.chinese("no token t1 of account cms")).isEqualTo("账号 cms 没有编号为 t1 的令牌");
    }
}
