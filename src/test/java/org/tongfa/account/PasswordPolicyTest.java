package org.tongfa.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The minimum password policy names the rule a password fails, in Chinese and English. */
class PasswordPolicyTest {

    @Test
    void refusesAPasswordShorterThanTwelveCharacters() {
        assertThat(PasswordPolicy.problem("zhangsan", "Short-pw-1")).hasValueSatisfying(
                problem -> assertThat(problem).contains("12").contains("至少"));
        assertThat(PasswordPolicy.problem("zhangsan", null)).isPresent();
    }

    @Test
    void refusesAPasswordThatContainsTheLoginNameInAnyCase() {
        assertThat(PasswordPolicy.problem("zhangsan", "ZhangSan-2026!")).hasValueSatisfying(
                problem -> assertThat(problem).contains("login name"));
    }

    @Test
    void refusesAPasswordOfOneCharacterClass() {
        for (String password : new String[] {"abcdefghijklmn", "春眠不觉晓处处闻啼鸟夜来风雨", "12345678901234", "!@#$%^&*()_+-="}) {
            assertThat(PasswordPolicy.problem("zhangsan", password)).as(password).hasValueSatisfying(
                    problem -> assertThat(problem).contains("only letters"));
        }
    }

    @Test
    void refusesMoreThanBcryptReads() {
        assertThat(PasswordPolicy.problem("zhangsan", "密码".repeat(12) + "-1")).hasValueSatisfying(
                problem -> assertThat(problem).contains("72"));
    }

    @Test
    void acceptsALongMixedPassword() {
        assertThat(PasswordPolicy.problem("zhangsan", "Spring-flood-2026")).isEmpty();
        assertThat(PasswordPolicy.problem("zhangsan", "春眠不觉晓处处闻啼鸟2026")).isEmpty();
    }
}
