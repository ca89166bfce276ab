package fr.maillage.security;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8CheckTest {

    private static boolean passes(byte[] bytes) {
        Utf8Check check = new Utf8Check();
        try {
            check.accept(bytes, 0, bytes.length);
            check.end();
            return true;
        } catch (Utf8Check.MalformedUtf8Exception e) {
            return false;
        }
    }

    /** The JDK's decoder, told to refuse rather than replace, is the reference. */
    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void refusesWhatRfc3629Forbids_atTheFirstByteThatBreaksIt() {
        String[][] cases = { // hex, offset of the refusal
                {"22c0af22", "1"},       // '/' as two bytes: C0 is never UTF-8
                {"e080af", "1"},         // '/' as three bytes: overlong after E0
                {"f08080af", "1"},       // overlong after F0
                {"eda080", "1"},         // a surrogate, U+D800
                {"f4908080", "1"},       // U+110000, past the last code point
                {"f5808080", "0"},       // F5 and above start nothing
                {"4180", "1"},           // a continuation byte alone
                {"41e282", "3"},         // '€' cut short at the end
                {"c341", "1"},           // a sequence broken by ASCII
        };
        for (String[] c : cases) {
            byte[] bytes = HexFormat.of().parseHex(c[0]);
            Utf8Check check = new Utf8Check();
            assertThatThrownBy(() -> {
                check.accept(bytes, 0, bytes.length);
                check.end();
            }).as(c[0]).isInstanceOfSatisfying(Utf8Check.MalformedUtf8Exception.class,
                    e -> assertThat(e.offset()).as(c[0]).isEqualTo(Long.parseLong(c[1])));
            assertThat(decodes(bytes)).as("the JDK refuses %s too", c[0]).isFalse();
        }
        assertThat(passes("{\"nom\":\"Fabrique à Pontivy € 𝄞 \\u00e9\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(passes(HexFormat.of().parseHex("efbfbf" + "f48fbfbf" + "ed9fbf" + "ee8080"))).as("the edges").isTrue();
    }

    @Test
    void agreesWithTheJdkOnRandomBytesFedInPieces() {
        Random random = new Random(20261202);
        int[] interesting = {0x00, 0x2f, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
                0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
        for (int run = 0; run < 20_000; run++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) interesting[random.nextInt(interesting.length)];
            }
            Utf8Check check = new Utf8Check();
            boolean passes;
            try { // as a stream hands them over: in pieces of any length
                int split = random.nextInt(bytes.length + 1);
                check.accept(bytes, 0, split);
                check.accept(bytes, split, bytes.length - split);
                check.end();
                passes = true;
            } catch (Utf8Check.MalformedUtf8Exception e) {
                passes = false;
            }
            assertThat(passes).as(HexFormat.of().formatHex(bytes)).isEqualTo(decodes(bytes));
        }
    }
}
