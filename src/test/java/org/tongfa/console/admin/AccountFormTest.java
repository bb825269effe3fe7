package org.tongfa.console.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.tongfa.account.Account;
import org.tongfa.security.Role;

class AccountFormTest {

    @Test
    void readsRolesWithAllOrSomeColumnsAsTheApiTakesThem() {
        MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
        posted.add("login", "sun");
        posted.add("displayName", "孙新人");
        posted.add("kind", "PERSON");
        posted.add("role", "DRAFTER");
        posted.add("role", "SIGNER");
        posted.add("scope.DRAFTER", "some");
        posted.add("columns.DRAFTER", "news");
        posted.add("scope.SIGNER", "all");
        posted.add("columns.SIGNER", "notices");
        posted.add("scope.REVIEWER", "some");
        posted.add("columns.REVIEWER", "news");
        AccountForm form = AccountForm.read(posted);
        Map<String, String> problems = new LinkedHashMap<>();
        assertThat(form.roles(problems)).containsExactly(Map.entry("DRAFTER", List.of("news")),
                Map.entry("SIGNER", List.of()));
        assertThat(problems).isEmpty();
        assertThat(form.service()).isFalse();
        assertThat(form.active()).as("an unticked box is not sent").isFalse();
        assertThat(form.grants().get(Role.REVIEWER).has("news")).as("kept as typed though not held").isTrue();
    }

    @Test
    void aRoleOnSomeColumnsWithNoneChosenIsRefusedRatherThanSentAsEveryColumn() {
        MultiValueMap<String, String> posted = new LinkedMultiValueMap<>();
        posted.add("role", "SIGNER");
        posted.add("scope.SIGNER", "some");
        Map<String, String> problems = new LinkedHashMap<>();
        AccountForm.read(posted).roles(problems);
        assertThat(problems).containsOnlyKeys("roles.SIGNER");
    }

    @Test
    void showsAnAccountAsItIs() {
        Account account = new Account("svc", "导入", null, Account.Kind.SERVICE, true,
                Map.of(Role.DRAFTER, Set.of("news")), Instant.EPOCH, Instant.EPOCH);
        AccountForm form = AccountForm.of(account);
        assertThat(form.service()).isTrue();
        assertThat(form.department()).isEmpty();
        assertThat(form.grants().get(Role.DRAFTER)).isEqualTo(new AccountForm.Grant(true, false, Set.of("news")));
        assertThat(form.grants().get(Role.ADMIN).held()).isFalse();
        assertThat(form.roles(new LinkedHashMap<>())).containsExactly(Map.entry("DRAFTER", List.of("news")));
    }
}
