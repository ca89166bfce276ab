package fr.maillage.partnership.domain;

/** What kind of space is offered (part of the API contract). */
public enum PremisesKind {
    OFFICE, WORKSHOP, FORMER_SHOP, SCHOOL, INDUSTRIAL, AGRICULTURAL, OTHER
}
