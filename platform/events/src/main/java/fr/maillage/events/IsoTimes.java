package fr.maillage.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants and dates every event carries ({@code ce_time}, {@code publishedAt},
 * {@code date}) in the form the producers write them, {@code 2026-11-30T07:09:42.747206645Z} and
 * {@code 2026-11-30}, digit by digit; anything else goes to {@link Instant#parse} and
 * {@link LocalDate#parse}, whose answers and errors are the same. A consumer reads two instants
 * and a date per activity event: through {@code DateTimeFormatter} they were a fifth of what
 * reporting's consumers allocated.
 */
public final class IsoTimes {

    private static final long SECONDS_PER_DAY = 86_400;

    /** The last instant written and its text. */
    private static volatile Written lastWritten = new Written(Instant.EPOCH, Instant.EPOCH.toString());

    private record Written(Instant instant, String text) {
    }

    private IsoTimes() {
    }

    /**
     * {@link Instant#toString()}, made once for a run of equal instants: a producer writes the same
     * instant twice in every event of a batch (its {@code ce_time} and {@code publishedAt}), and
     * formatting it each time was a twentieth of activity's time under load.
     */
    public static String format(Instant instant) {
        Written last = lastWritten;
        if (last.instant().equals(instant)) {
            return last.text();
        }
        String text = instant.toString();
        lastWritten = new Written(instant, text);
        return text;
    }

    /** @throws java.time.format.DateTimeParseException as {@link Instant#parse} */
    public static Instant instant(CharSequence text) {
        Instant fast = canonicalInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** @throws java.time.format.DateTimeParseException as {@link LocalDate#parse} */
    public static LocalDate date(CharSequence text) {
        LocalDate fast = text.length() == 10 ? canonicalDate(text) : null;
        return fast != null ? fast : LocalDate.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with up to nine digits of fraction, or {@code null}. */
    private static Instant canonicalInstant(CharSequence text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        LocalDate day = canonicalDate(text);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (day == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // a leap second or an error: the full parser's rules
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = length - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        return Instant.ofEpochSecond(day.toEpochDay() * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** {@code yyyy-MM-dd} at the start of the text, or {@code null}. */
    private static LocalDate canonicalDate(CharSequence text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // 31 April: the full parser says so
        }
    }

    /** The decimal number written in {@code [from, to)}, or -1 if any character is not a digit. */
    private static int digits(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
