package fr.maillage.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TextPatternsTest {

    private static final Pattern LINE = Pattern.compile(TextPatterns.LINE);
    private static final Pattern NOT_BLANK_LINE = Pattern.compile(TextPatterns.NOT_BLANK_LINE);
    private static final Pattern MULTILINE = Pattern.compile(TextPatterns.MULTILINE);

    @Test
    void aLineTakesAnyLanguageAndRefusesControlsSeparatorsAndDirectionOverrides() {
        assertThat(LINE.matcher("Zéphyrine d'Évry-Courcouronnes, 12 rue de l'Œuvre – ½ 🙂 東京").matches()).isTrue();
        assertThat(LINE.matcher("").matches()).isTrue();
        for (String hostile : new String[]{"a\u0000b", "a\u0007b", "a\u001bb", "a\u007fb", "a\u0085b", "a\u009b2Jb",
                "a\nb", "a\u2028b", "a\u2029b", "facture\u202Egnp.exe", "a\u2066b", "a\uD800b"}) {
            assertThat(LINE.matcher(hostile).matches()).as("%s", hostile.codePoints().mapToObj(Integer::toHexString).toList())
                    .isFalse();
        }
    }

    @Test
    void freeTextAlsoTakesLineBreaksAndTabsButNoOtherControl() {
        assertThat(MULTILINE.matcher("Atelier vélo\r\n\tle mardi\n").matches()).isTrue();
        assertThat(MULTILINE.matcher("a\u0085b").matches()).isFalse();
        assertThat(MULTILINE.matcher("a\u000bb").matches()).isFalse();
        assertThat(MULTILINE.matcher("a\u202Eb").matches()).isFalse();
        assertThat(MULTILINE.matcher("x".repeat(100_000) + "\u0000").matches()).as("in one pass, refused").isFalse();
    }

    @Test
    void aNotBlankLineNeedsAVisibleCharacter() {
        assertThat(NOT_BLANK_LINE.matcher("  La Myne").matches()).isTrue();
        assertThat(NOT_BLANK_LINE.matcher("   ").matches()).isFalse();
        assertThat(NOT_BLANK_LINE.matcher("").matches()).isFalse();
        assertThat(NOT_BLANK_LINE.matcher("La\u009bMyne").matches()).isFalse();
        // blank to a reader, as @NotBlank sees it (VisibleTextValidator): no-break, ideographic, zero-width
        for (String invisible : List.of("\u00a0", "\u3000", "\u200b", " \u00a0\u200b\u2003 ", "\ufeff")) {
            assertThat(NOT_BLANK_LINE.matcher(invisible).matches()).as(invisible.chars().mapToObj(c -> String.format("U+%04X", c)).toList().toString())
                    .isFalse();
            assertThat(new VisibleTextValidator().isValid(invisible, null)).isFalse();
        }
        assertThat(NOT_BLANK_LINE.matcher("\u00a0\u200bLa Myne").matches()).isTrue();
        assertThat(NOT_BLANK_LINE.matcher("\u202eLa Myne").matches()).as("an override, even leading").isFalse();
        assertThat(NOT_BLANK_LINE.matcher("\u200b\u2028La Myne").matches()).isFalse();
        assertThat(NOT_BLANK_LINE.matcher("\ud83d\ude00").matches()).as("an emoji is visible").isTrue();
    }
}
