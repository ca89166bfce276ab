package fr.maillage.security;

/**
 * What a text field of a request may hold, as patterns for {@code @Pattern}: the same rules in
 * every service, since the text travels in events and exports to every other.
 */
public final class TextPatterns {

    /**
     * Characters no text takes: controls (C0 and C1, of which {@code \p{Cntrl}} alone misses the
     * second, e.g. U+009B, a terminal's escape), unpaired surrogates (broken UTF-16, which the
     * exports could not write), the line and paragraph separators, and the bidirectional overrides
     * and isolates that make a text display other than it reads (U+202E).
     */
    private static final String FORBIDDEN = "\\p{Cc}\\p{Cs}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069";

    /** One line of text. */
    public static final String LINE = "^[^" + FORBIDDEN + "]*+$";
    /**
     * One line with a visible character: a field that may be left out but not blanked. Spaces
     * (U+0020, the no-break and ideographic ones and every other separator) and invisible format
     * characters (U+200B, zero-width space) may lead, as {@link VisibleTextValidator} sees it for
     * {@code @NotBlank}. Possessive, so that a long value is checked in one pass.
     */
    public static final String NOT_BLANK_LINE = "^[\\p{Zs}\\p{Cf}&&[^" + FORBIDDEN + "]]*+[^" + FORBIDDEN
            + "\\s\\p{Z}\\p{Cf}][^" + FORBIDDEN + "]*+$";
    /** Free text: line breaks and tabs too. */
    public static final String MULTILINE = "^(?:[\\t\\n\\r]|[^" + FORBIDDEN + "])*+$";
    public static final String MESSAGE = "must not contain control characters nor invalid Unicode";

    private TextPatterns() {
    }
}
