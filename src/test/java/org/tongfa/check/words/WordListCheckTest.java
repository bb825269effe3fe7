package org.tongfa.check.words;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.check.Finding;
import org.tongfa.check.TextField;
import org.tongfa.check.Verdict;

class WordListCheckTest {

    private static final String LIST = """
            # test list
            违禁词 | 敏感词 | block
            即然 | 错敏字 | warn | 既然
            中华人民共合国 | 规范表述 | block | 中华人民共和国
            人民银行 | 规范表述 | warn | 中国人民银行
            ABC | 敏感词 | warn
            """;

    @TempDir
    Path dir;

    private WordListCheck check;

    @AfterEach
    void stop() {
        if (check != null) {
            check.stop();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
        // text; verdict (empty: no finding); offset in the original text; suggestion
        "这是违禁词。;BLOCK;2;",
        "这是违 禁 词。;BLOCK;2;",
        "这是违，禁、词。;BLOCK;2;",
        "这是违\u3000禁\u200B词。;BLOCK;2;",
        "即然如此;WARN;0;既然",
        "既然如此;;;",
        "首先，即 然如此;WARN;3;既然",
        "由人民银行发布;WARN;1;中国人民银行",
        "总部在中国人民银行大楼;;;",
        "总部在中国 人民银行大楼;;;",
        "《中华人民共合国宪法》;BLOCK;1;中华人民共和国",
        "《中华人民共和国宪法》;;;",
        "购买ＡＢＣ产品;WARN;2;",
        "购买abc产品;WARN;2;",
        "A B C计划;WARN;0;",
        "xabcx;;;",
        "ABCD公司;;;",
    })
    void findsTermsInTheirDisguisesAndPointsAtTheOriginalText(String text, Verdict verdict, Integer offset,
            String suggestion) throws IOException {
        check = checkOver(LIST);

        List<Finding> findings = check.scan("news", List.of(new TextField("body", text)));

        if (verdict == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.check()).isEqualTo("words");
                assertThat(f.field()).isEqualTo("body");
                assertThat(f.verdict()).isEqualTo(verdict);
                assertThat(f.offset()).isEqualTo(offset);
                assertThat(f.suggestion()).isEqualTo(suggestion);
            });
        }
    }

    @Test
    void aTermSplitOverTwoLinesIsNotATerm() throws IOException {
        check = checkOver(LIST);

        assertThat(check.scan("news", List.of(new TextField("body", "违\n禁词，违禁\r\n词")))).isEmpty();
    }

    @Test
    void reportsTheCategoryTheTermTheOriginalSpellingAndTenCharactersEachSide() throws IOException {
        check = checkOver(LIST);
        String text = "第一段落的文字内容在这里：根据中华人民 共合国宪法的规定，第二段落的文字";

        Finding finding = check.scan("news", List.of(new TextField("summary", text))).get(0);

        assertThat(finding.offset()).isEqualTo(text.indexOf("中华人民"));
        assertThat(finding.message()).isEqualTo("不规范表述“中华人民共合国”（原文写作“中华人民 共合国”），应写作“中华人民共和国”");
        assertThat(finding.excerpt()).isEqualTo("文字内容在这里：根据中华人民 共合国宪法的规定，第二段落");
        assertThat(finding.excerpt()).startsWith(text.substring(finding.offset() - 10, finding.offset()));
    }

    @Test
    void namesEachCategoryInItsMessage() throws IOException {
        check = checkOver(LIST);

        assertThat(check.scan("news", List.of(new TextField("title", "违禁词与即然"))))
                .extracting(Finding::message)
                .containsExactly("敏感词“违禁词”，请删除或改写", "错敏字“即然”，应写作“既然”");
    }

    @Test
    void listsFindingsFieldByFieldInOffsetOrder() throws IOException {
        check = checkOver(LIST);

        List<Finding> findings = check.scan("news", List.of(new TextField("title", "人民银行即然违禁词"),
                new TextField("images[0].alt", "违禁词"), new TextField("body", "")));

        assertThat(findings).extracting(Finding::field, Finding::offset).containsExactly(
                org.assertj.core.groups.Tuple.tuple("title", 0), org.assertj.core.groups.Tuple.tuple("title", 4),
                org.assertj.core.groups.Tuple.tuple("title", 6),
                org.assertj.core.groups.Tuple.tuple("images[0].alt", 0));
    }

    @Test
    void refusesToStartOnALineThatCannotBeReadNamingTheFileAndLine() throws IOException {
        Path file = write("bureau.txt", "即然 | 错敏字 | warn | 既然\n人民银行 | 规范表述 | warn\n");

        assertThatThrownBy(() -> new WordListCheck(new WordsProperties(dir, Duration.ZERO)))
                .isInstanceOf(WordListException.class)
                .hasMessage("Word list " + file + ", line 2: a 规范表述 entry needs its correct form as a fourth "
                        + "field: \"人民银行 | 规范表述 | warn | correct form\"");
    }

    @Test
    void startsWithoutListsWhenTheDirectoryDoesNotExist() {
        check = new WordListCheck(new WordsProperties(dir.resolve("none"), Duration.ZERO));

        assertThat(check.size()).isZero();
        assertThat(check.scan("news", List.of(new TextField("body", "违禁词")))).isEmpty();
    }

    @Test
    void startsWithTheShippedExampleList() {
        check = new WordListCheck(new WordsProperties(Path.of("config/words"), Duration.ZERO));

        assertThat(check.scan("news", List.of(new TextField("body", "即然由人民银行与中国人民银行发布"))))
                .extracting(Finding::suggestion).containsExactly("既然", "中国人民银行");
    }

    @Test
    void reloadsAChangedFileAndKeepsTheListsWhenTheNewOneIsBroken() throws IOException {
        write("a.txt", "违禁词 | 敏感词 | block\n");
        check = new WordListCheck(new WordsProperties(dir, Duration.ZERO));
        List<TextField> text = List.of(new TextField("body", "违禁词和新词条"));
        assertThat(check.scan("news", text)).hasSize(1);
        assertThat(check.reloadIfChanged()).isFalse();

        write("b.txt", "新词条 | 敏感词 | warn\n");
        assertThat(check.reloadIfChanged()).isTrue();
        assertThat(check.scan("news", text)).extracting(Finding::offset).containsExactly(0, 4);

        Path broken = write("c.txt", "# new\n坏词条 | 敏感 | block\n");
        assertThat(check.reloadIfChanged()).isFalse();
        assertThat(check.reloadError()).contains("Word list " + broken
                + ", line 2: unknown category \"敏感\" (use 敏感词, 错敏字 or 规范表述)");
        assertThat(check.scan("news", text)).extracting(Finding::offset).containsExactly(0, 4);
        assertThat(check.size()).isEqualTo(2);

        write("c.txt", "# new\n坏词条 | 敏感词 | block\n");
        assertThat(check.reloadIfChanged()).isTrue();
        assertThat(check.reloadError()).isEmpty();
        assertThat(check.size()).isEqualTo(3);
    }

    @Test
    void theWatcherPicksUpANewFileWithoutBeingAsked() throws IOException {
        check = new WordListCheck(new WordsProperties(dir, Duration.ofMillis(50)));
        List<TextField> text = List.of(new TextField("body", "这是新词条"));
        assertThat(check.scan("news", text)).isEmpty();

        write("new.txt", "新词条 | 敏感词 | warn\n");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(check.scan("news", text)).extracting(Finding::offset).containsExactly(2));
    }

    private WordListCheck checkOver(String list) throws IOException {
        write("list.txt", list);
        return new WordListCheck(new WordsProperties(dir, Duration.ZERO));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
