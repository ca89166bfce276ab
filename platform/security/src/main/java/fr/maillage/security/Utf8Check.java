package fr.maillage.security;

import java.io.IOException;

/**
 * Checks bytes as they stream by against UTF-8 as RFC 3629 defines it. A JSON body must be UTF-8,
 * and the parser decodes what it is given without asking: an overlong form (C0 AF for '/'), a
 * surrogate (ED A0 80) or a code point above U+10FFFF would otherwise become text that no client
 * sent as such. Each byte costs a comparison or two.
 */
final class Utf8Check {

    /** Thrown from the body's stream at the first byte UTF-8 does not allow there. */
    static final class MalformedUtf8Exception extends IOException {
        private final long offset;

        MalformedUtf8Exception(long offset) {
            super("the body is not valid UTF-8 at byte " + offset);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }

    private int continuations;
    private int lowest = 0x80;
    private int highest = 0xBF;
    private long offset;

    void accept(byte[] bytes, int from, int length) throws MalformedUtf8Exception {
        for (int i = from; i < from + length; i++) {
            byte b = bytes[i];
            if (b >= 0 && continuations == 0) { // ASCII, the common case
                offset++;
            } else {
                accept(b & 0xFF);
            }
        }
    }

    void accept(int b) throws MalformedUtf8Exception {
        if (continuations == 0) {
            if (b < 0x80) {
                offset++;
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                continuations = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuations = 2;
                lowest = b == 0xE0 ? 0xA0 : 0x80; // below: an overlong form
                highest = b == 0xED ? 0x9F : 0xBF; // above: a surrogate
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuations = 3;
                lowest = b == 0xF0 ? 0x90 : 0x80; // below: an overlong form
                highest = b == 0xF4 ? 0x8F : 0xBF; // above: past U+10FFFF
            } else { // a continuation byte alone, C0 and C1 (always overlong), F5 to FF
                throw new MalformedUtf8Exception(offset);
            }
        } else {
            if (b < lowest || b > highest) {
                throw new MalformedUtf8Exception(offset);
            }
            lowest = 0x80;
            highest = 0xBF;
            continuations--;
        }
        offset++;
    }

    /** At the end of the body: a sequence cut short is malformed too. */
    void end() throws MalformedUtf8Exception {
        if (continuations > 0) {
            throw new MalformedUtf8Exception(offset);
        }
    }
}
