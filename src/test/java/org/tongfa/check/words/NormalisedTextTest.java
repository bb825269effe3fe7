package org.tongfa.check.words;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalisedTextTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" reads as \"{1}\"")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "习 近 平;习近平",
        "台，独;台独",
        "台\u3000独;台独",
        "台\u200B独;台独",
        "“一带一路”倡议;一带一路倡议",
        "ＡＢＣ ｄｅｆ;abcdef",
        "Tongfa-CMS;tongfacms",
        "１２３;123",
        "既然;既然",
    })
    void foldsWidthCaseAndDropsSpacesAndPunctuation(String original, String normalised) {
        assertThat(NormalisedText.of(original).text()).isEqualTo(normalised);
    }

    @Test
    void keepsLineBreaksAsBarriers() {
        assertThat(NormalisedText.of("台\n独").text()).isEqualTo("台\n独");
        assertThat(NormalisedText.of("台。\r\n\u2029独").text()).isEqualTo("台\n\n\n独");
    }

    @Test
    void mapsEveryNormalisedCharacterBackToItsOriginalOffsets() {
        NormalisedText text = NormalisedText.of("前言：习 近\u3000平ＡＢ");
        assertThat(text.text()).isEqualTo("前言习近平ab");
        assertThat(text.originalStart(2)).isEqualTo(3);
        assertThat(text.originalStart(3)).isEqualTo(5);
        assertThat(text.originalStart(4)).isEqualTo(7);
        assertThat(text.originalEnd(4)).isEqualTo(8);
        assertThat(text.originalStart(6)).isEqualTo(9);
        assertThat(text.originalEnd(6)).isEqualTo(10);
    }

    @Test
    void mapsAnExpandedCompatibilityCharacterToTheOneItCameFrom() {
        // ㈠ is "(一)" in NFKC: the parentheses drop, 一 points back at ㈠
        NormalisedText text = NormalisedText.of("第㈠条");
        assertThat(text.text()).isEqualTo("第一条");
        assertThat(text.originalStart(1)).isEqualTo(1);
        assertThat(text.originalEnd(1)).isEqualTo(2);
        assertThat(text.originalStart(2)).isEqualTo(2);
    }
}
