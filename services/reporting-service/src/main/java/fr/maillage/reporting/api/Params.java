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

    static void requireOrdered(String from, String to) {
        if (from != null && to != null && from.compareTo(to) > 0) {
            throw ApiException.invalidField("from", "must not be after to (" + to + ")");
        }
    }
}
