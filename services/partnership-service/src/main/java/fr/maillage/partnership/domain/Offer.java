package fr.maillage.partnership.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What an authority offers: where, how large, on what terms, when. Valid once built: a rent for
 * rented terms only, and a window that ends after it starts.
 */
public record Offer(CommuneRef commune, String address, int surfaceM2, PremisesKind kind, Terms terms,
                    long monthlyRentEur, LocalDate availableFrom, LocalDate availableUntil, String description) {

    public static final int MAX_SURFACE_M2 = 1_000_000;
    public static final long MAX_MONTHLY_RENT_EUR = 10_000_000;

    public Offer {
        Objects.requireNonNull(commune, "commune");
        if (address == null || address.isBlank()) {
            throw new DomainViolation("address", "is required");
        }
        if (surfaceM2 < 1 || surfaceM2 > MAX_SURFACE_M2) {
            throw new DomainViolation("surfaceM2", "must be between 1 and " + MAX_SURFACE_M2 + " m²");
        }
        if (kind == null) {
            throw new DomainViolation("kind", "is required");
        }
        if (terms == null) {
            throw new DomainViolation("terms", "is required");
        }
        if (terms.hasRent() && (monthlyRentEur < 1 || monthlyRentEur > MAX_MONTHLY_RENT_EUR)) {
            throw new DomainViolation("monthlyRentEur", "is required for " + terms
                    + " terms: a whole number of euros between 1 and " + MAX_MONTHLY_RENT_EUR);
        }
        if (!terms.hasRent() && monthlyRentEur != 0) {
            throw new DomainViolation("monthlyRentEur", "must be absent or 0 for FREE terms");
        }
        if (availableFrom == null) {
            throw new DomainViolation("availableFrom", "is required");
        }
        requirePlausible("availableFrom", availableFrom);
        if (availableUntil != null) {
            requirePlausible("availableUntil", availableUntil);
        }
        if (availableUntil != null && !availableUntil.isAfter(availableFrom)) {
            throw new DomainViolation("availableUntil", "must be after availableFrom (" + availableFrom + ")");
        }
    }

    /** Whether the offer's last day is before {@code day}: from then on it takes no applications. */
    public boolean endedBefore(LocalDate day) {
        return availableUntil != null && day.isAfter(availableUntil);
    }

    /** Dates of this century: keeps typing errors such as year 20227 out, and stored dates comparable as text. */
    static void requirePlausible(String field, LocalDate date) {
        if (date.getYear() < 2000 || date.getYear() > 2100) {
            throw new DomainViolation(field, "must be a date between 2000-01-01 and 2100-12-31");
        }
    }
}
