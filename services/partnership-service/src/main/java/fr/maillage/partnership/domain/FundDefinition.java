package fr.maillage.partnership.domain;

import java.util.regex.Pattern;

/** A fund envelope as configured: its id, kind, year (endowment envelopes), name and budget. */
public record FundDefinition(String id, FundKind kind, Integer year, String name, long budgetEur) {

    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    public FundDefinition {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("fund id '" + id + "' must be 1 to 64 lower-case letters, digits or '-'");
        }
        if (kind == null) {
            throw new IllegalArgumentException("fund " + id + " needs a kind (ENDOWMENT or INVESTMENT)");
        }
        if (kind == FundKind.ENDOWMENT && year == null) {
            throw new IllegalArgumentException("endowment fund " + id + " needs the year of its envelope");
        }
        if (year != null && (year < 2000 || year > 2100)) {
            throw new IllegalArgumentException("fund " + id + " has an implausible year " + year);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("fund " + id + " needs a name");
        }
        if (budgetEur < 0) {
            throw new IllegalArgumentException("fund " + id + " cannot have a negative budget");
        }
    }
}
