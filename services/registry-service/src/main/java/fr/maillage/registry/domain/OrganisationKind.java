package fr.maillage.registry.domain;

public enum OrganisationKind {
    ASSOCIATION, COOPERATIVE, COMPANY, COMMUNE, EPCI, DEPARTEMENT, REGION, STATE, OTHER
}
