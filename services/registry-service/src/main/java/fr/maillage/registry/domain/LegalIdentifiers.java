package fr.maillage.registry.domain;

import java.util.Optional;

/**
 * Checks the legal identifiers of organisations: SIRET (14 digits, Luhn key; La Poste's
 * establishments use a digit-sum-multiple-of-5 rule instead) and RNA (W + 9 digits).
 */
public final class LegalIdentifiers {

    private static final String LA_POSTE_SIREN = "356000000";
    private static final String LA_POSTE_HEAD_OFFICE = "35600000000048";

    private LegalIdentifiers() {
    }

    /** Why a SIRET is invalid, or empty when it is valid. */
    public static Optional<String> siretProblem(String siret) {
        if (siret == null || !siret.matches("\\d{14}")) {
            return Optional.of("must be 14 digits");
        }
        if (siret.startsWith(LA_POSTE_SIREN) && !siret.equals(LA_POSTE_HEAD_OFFICE)) {
            return digitSum(siret) % 5 == 0 ? Optional.empty()
                    : Optional.of("is not a valid SIRET of La Poste (digit sum must be a multiple of 5)");
        }
        return luhn(siret) ? Optional.empty() : Optional.of("has an invalid check key (Luhn)");
    }

    public static Optional<String> rnaProblem(String rna) {
        if (rna == null || !rna.matches("W\\d{9}")) {
            return Optional.of("must be W followed by 9 digits (e.g. W751234567)");
        }
        return Optional.empty();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static int digitSum(String digits) {
        return digits.chars().map(c -> c - '0').sum();
    }
}
