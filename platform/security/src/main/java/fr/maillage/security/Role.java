package fr.maillage.security;

/** What an organisation's key may do. */
public enum Role {
    /** The national structure: administers the registry, labels Fabriques, runs funds, reads everything. */
    NATIONAL,
    /** A Fabrique de territoire: publishes activity for itself and the tiers-lieux of its network. */
    FABRIQUE,
    /** A tiers-lieu: publishes its own activity and keeps its record. */
    THIRD_PLACE,
    /** A local authority: offers premises within its own territory. */
    LOCAL_AUTHORITY,
    /** Read-only dashboards, optionally scoped to one region. */
    ANALYST
}
