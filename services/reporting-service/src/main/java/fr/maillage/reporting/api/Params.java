package fr.maillage.reporting.api;

import fr.maillage.security.ApiException;
import fr.maillage.territory.TerritoryCodes;

/** The shapes of query parameters, shared by the controllers. */
final class Params {

    static final String REGION = TerritoryCodes.REGION;
    static final String REGION_MESSAGE = TerritoryCodes.REGION_MESSAGE;
    static final String DEPARTEMENT = TerritoryCodes.DEPARTEMENT;
    static final String DEPARTEMENT_MESSAGE = TerritoryCodes.DEPARTEMENT_MESSAGE;
    static final String MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";
    static final String MONTH_MESSAGE = "must be a month YYYY-MM or a date YYYY-MM-DD";
    static final String MONTH_DESCRIPTION = "YYYY-MM, or a date YYYY-MM-DD which selects its month (activity is counted per month)";
    static final String CATEGORY = "^(TRAINING|APPRENTICESHIP|WORKSHOP|EVENT|COWORKING|DIGITAL_MEDIATION|BUSINESS_SUPPORT"
            + "|PUBLIC_AGENT_TRAINING|OTHER)$";
    static final String CATEGORY_MESSAGE = "must be one of TRAINING, APPRENTICESHIP, WORKSHOP, EVENT, COWORKING, "
            + "DIGITAL_MEDIATION, BUSINESS_SUPPORT, PUBLIC_AGENT_TRAINING, OTHER";
    static final String ID = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$";
    static final String ID_MESSAGE = "must be an identifier (letters, digits, '.', '_', ':', '-'; at most 100)";

    private Params() {
    }

    /** The month of a {@link #MONTH} parameter (already matched by its pattern), or null. */
    static String month(String field, String value) {
        if (value == null || value.length() == 7) {
            return value;
        }
        try {
            return java.time.LocalDate.parse(value).toString().substring(0, 7);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalidField(field, "is not a date of the calendar: " + value);
        }
    }

    /** The first and last months selected, either of them null for no bound. */
    record Months(String from, String to) {
    }

    /**
     * The months of {@code from} and {@code to} ({@link #MONTH} parameters); 400 naming from when it is
     * after to, compared as the client wrote them: two dates of one month in reverse order too.
     */
    static Months months(String from, String to) {
        Months months = new Months(month("from", from), month("to", to));
        if (months.from() != null && months.to() != null) {
            boolean twoDates = from.length() == 10 && to.length() == 10;
            if (months.from().compareTo(months.to()) > 0 || twoDates && from.compareTo(to) > 0) {
                throw ApiException.invalidField("from", "must not be after to (" + to + ")");
            }
        }
        return months;
    }
}
