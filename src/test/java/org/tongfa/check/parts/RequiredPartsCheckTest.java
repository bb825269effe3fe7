package org.tongfa.check.parts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.Subjects;
import org.tongfa.check.Verdict;

class RequiredPartsCheckTest {

    private final RequiredPartsCheck check = new RequiredPartsCheck(new CheckProperties(List.of("policies"),
            new CheckProperties.Links(java.time.Duration.ofSeconds(3), java.time.Duration.ofMinutes(10), 4, false)));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a news item needs no document number", (Consumer<Subjects>) s -> { }, List.of()),
                Arguments.of("a policy with both numbers passes", (Consumer<Subjects>) s -> {
                    s.column = "policies";
                    s.documentNumber = "示工信规〔2026〕3号";
                    s.indexNumber = "114401000069-2026-00001";
                }, List.of()),
                Arguments.of("a policy without 发文字号 blocks", (Consumer<Subjects>) s -> {
                    s.column = "policies";
                    s.indexNumber = "114401000069-2026-00001";
                }, List.of("BLOCK documentNumber")),
                Arguments.of("a policy with a blank 索引号 and no 发文字号 blocks twice", (Consumer<Subjects>) s -> {
                    s.column = "policies";
                    s.indexNumber = "  ";
                }, List.of("BLOCK documentNumber", "BLOCK indexNumber")),
                Arguments.of("an interpretation of a published policy passes", (Consumer<Subjects>) s ->
                        s.relations.add(relation("INTERPRETS", "PUBLISHED")), List.of()),
                Arguments.of("an interpretation of a policy in review blocks", (Consumer<Subjects>) s ->
                        s.relations.add(relation("INTERPRETS", "IN_REVIEW")), List.of("BLOCK related")),
                Arguments.of("an interpretation of a retracted policy blocks", (Consumer<Subjects>) s ->
                        s.relations.add(relation("INTERPRETS", "RETRACTED")), List.of("BLOCK related")),
                Arguments.of("a policy whose interpretation is a draft is not held back", (Consumer<Subjects>) s ->
                        s.relations.add(relation("INTERPRETED_BY", "DRAFT")), List.of()),
                Arguments.of("related reading in draft is not held back", (Consumer<Subjects>) s ->
                        s.relations.add(relation("RELATED", "DRAFT")), List.of()),
                Arguments.of("an image with alt text passes, one without blocks", (Consumer<Subjects>) s -> {
                    s.images.add(new CheckSubject.Image("/assets/a", "会议现场"));
                    s.images.add(new CheckSubject.Image("/assets/b", " "));
                }, List.of("BLOCK images[1].alt")));
    }

    private static CheckSubject.Relation relation(String relation, String status) {
        return new CheckSubject.Relation("policy-1", relation, "某政策", status, (Instant) null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsEveryMissingPart(String name, Consumer<Subjects> change, List<String> expected) {
        Subjects s = Subjects.news();
        change.accept(s);

        List<Finding> found = check.check(s.build());

        assertThat(found).extracting(f -> f.verdict() + " " + f.field()).containsExactlyElementsOf(expected);
        assertThat(found).allSatisfy(f -> {
            assertThat(f.check()).isEqualTo("parts");
            assertThat(f.message()).matches(".*\\p{IsHan}.*");
            assertThat(f.verdict()).isEqualTo(Verdict.BLOCK);
        });
    }
}
