package org.tongfa.check.words;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.check.Finding;
import org.tongfa.check.TextCheck;
import org.tongfa.check.TextField;
import org.tongfa.check.Verdict;

/**
 * Tongfa starts with both text checks as beans, the shipped example word list from {@code config/words}
 * and the personal-data policy of application.yml plus a column override.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tongfa.node-id=text-checks-test",
        "tongfa.checks.personal-data.columns.notices.mobile=allow",
})
class TextChecksIntegrationTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tongfa.data-directory", () -> dir.resolve("data").toString());
    }

    @Autowired
    List<TextCheck> checks;

    @Test
    void runsBothTextChecksWithTheShippedListAndTheConfiguredPolicy() {
        List<TextField> text = List.of(new TextField("body", "即然如此，请致电13812345678或查验身份证440802199001011238。"));

        assertThat(checks).extracting(TextCheck::name).contains("words", "personal-data");
        assertThat(checks.stream().flatMap(c -> c.scan("news", text).stream()))
                .extracting(Finding::check, Finding::verdict, Finding::suggestion)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("words", Verdict.WARN, "既然"),
                        org.assertj.core.groups.Tuple.tuple("personal-data", Verdict.WARN, "138****5678"),
                        org.assertj.core.groups.Tuple.tuple("personal-data", Verdict.BLOCK, "440802********1238"));
        assertThat(checks.stream().flatMap(c -> c.scan("notices", text).stream()))
                .extracting(Finding::suggestion)
                .containsExactlyInAnyOrder("既然", "440802********1238");
    }
}
