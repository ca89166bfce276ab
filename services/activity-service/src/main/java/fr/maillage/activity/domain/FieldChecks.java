package fr.maillage.activity.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one item, field by field. */
final class FieldChecks {

    private final List<Checked.Problem> problems = new ArrayList<>();

    void problem(String field, String message) {
        problems.add(new Checked.Problem(field, message));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    List<Checked.Problem> problems() {
        return problems;
    }

    String reportId(String value) {
        if (value == null) {
            problem("reportId", "is required");
        } else if (!isReportId(value)) {
            problem("reportId", "must be 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    String thirdPlaceId(String value) {
        if (value == null) {
            problem("thirdPlaceId", "is required");
        } else if (!isThirdPlaceId(value)) {
            problem("thirdPlaceId", "must be a tiers-lieu id (1 to 64 letters, digits, '-' or '_')");
        }
        return value;
    }

    /**
     * {@link Submission#REPORT_ID} char by char: every item of a batch has two ids, and matching
     * them with regular expressions was a thirtieth of activity's time under load
     * (FieldChecksTest compares both on random ids).
     */
    static boolean isReportId(String value) {
        int length = value.length();
        if (length < 1 || length > 100) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@link Submission#THIRD_PLACE_ID} char by char. */
    static boolean isThirdPlaceId(String value) {
        int length = value.length();
        if (length < 1 || length > 64 || !isAsciiLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    int revision(BigDecimal value) {
        return value == null ? 0 : whole("revision", value, 0, Integer.MAX_VALUE);
    }

    /** A whole number within bounds; 0 (and a problem) otherwise. */
    int whole(String field, BigDecimal value, long min, long max) {
        if (!within(value, min, max)) {
            problem(field, "must be a whole number from " + min + " to " + max);
            return 0;
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            problem(field, "must be a whole number");
            return 0;
        }
        return value.intValue();
    }

    /**
     * A number within bounds with at most {@code places} decimals; 0 (and a problem) otherwise.
     * Reporting sums such figures exactly in units of the last place (hundredths of an hour, basis
     * points of a share): a finer figure would be rounded there, and totals drift from what was accepted.
     */
    double decimal(String field, BigDecimal value, long min, long max, int places) {
        if (!within(value, min, max)) {
            problem(field, "must be a number from " + min + " to " + max);
            return 0;
        }
        if (value.stripTrailingZeros().scale() > places) {
            problem(field, "must have at most " + places + " decimal places");
            return 0;
        }
        return value.doubleValue();
    }

    Integer optionalWhole(String field, BigDecimal value, long min, long max) {
        return value == null ? null : whole(field, value, min, max);
    }

    Double optionalDecimal(String field, BigDecimal value, long min, long max, int places) {
        return value == null ? null : decimal(field, value, min, max, places);
    }

    <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        try {
            return Enum.valueOf(type, value); // by exact name, from the class's own map
        } catch (IllegalArgumentException unknown) {
            problem(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    private static boolean within(BigDecimal value, long min, long max) {
        return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }
}
