package fr.maillage.activity.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects the problems of one item, field by field. */
final class FieldChecks {

    private static final Pattern REPORT_ID = Pattern.compile(Submission.REPORT_ID);
    private static final Pattern THIRD_PLACE_ID = Pattern.compile(Submission.THIRD_PLACE_ID);

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
        } else if (!REPORT_ID.matcher(value).matches()) {
            problem("reportId", "must be 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    String thirdPlaceId(String value) {
        if (value == null) {
            problem("thirdPlaceId", "is required");
        } else if (!THIRD_PLACE_ID.matcher(value).matches()) {
            problem("thirdPlaceId", "must be a tiers-lieu id (1 to 64 letters, digits, '-' or '_')");
        }
        return value;
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

    double decimal(String field, BigDecimal value, long min, long max) {
        if (!within(value, min, max)) {
            problem(field, "must be a number from " + min + " to " + max);
            return 0;
        }
        return value.doubleValue();
    }

    Integer optionalWhole(String field, BigDecimal value, long min, long max) {
        return value == null ? null : whole(field, value, min, max);
    }

    Double optionalDecimal(String field, BigDecimal value, long min, long max) {
        return value == null ? null : decimal(field, value, min, max);
    }

    <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        if (value == null) {
            problem(field, "is required");
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        problem(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        return null;
    }

    private static boolean within(BigDecimal value, long min, long max) {
        return value.compareTo(BigDecimal.valueOf(min)) >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }
}
