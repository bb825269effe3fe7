package org.tongfa.account;

import java.util.Locale;
import java.util.Optional;

/**
 * The minimum a password must meet: at least {@value #MIN_LENGTH} characters, not the login name (in
 * any case, nor containing it), and not all of one character class (only letters, only digits, only
 * symbols). A length rule is what makes guessing slow; the other two refuse the passwords an attacker
 * tries first. The refusal names the rule that failed, in Chinese and English.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    /** What is wrong with {@code password} for the account {@code login}; empty when it is acceptable. */
    static Optional<String> problem(String login, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("密码至少 " + MIN_LENGTH + " 个字符 (must be at least " + MIN_LENGTH + " characters long)");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("密码不能超过 " + MAX_BYTES + " 字节 (must be at most " + MAX_BYTES + " bytes in UTF-8)");
        }
        if (login != null && password.toLowerCase(Locale.ROOT).contains(login.toLowerCase(Locale.ROOT))) {
            return Optional.of("密码不能包含登录名 (must not contain the login name)");
        }
        boolean letters = password.codePoints().allMatch(Character::isLetter);
        boolean digits = password.codePoints().allMatch(Character::isDigit);
        boolean symbols = password.codePoints().noneMatch(Character::isLetterOrDigit);
        if (letters || digits || symbols) {
            return Optional.of("密码不能只由一类字符组成 (must not be only letters, only digits or only symbols)");
        }
        return Optional.empty();
    }
}
