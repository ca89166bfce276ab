package fr.maillage.events.registry;

import java.time.Instant;

/**
 * What happened to a facilitator (animateur, animatrice). A facilitator is a person: events carry a
 * pseudonymous id and non-identifying facts only, never a name or a contact.
 */
public sealed interface FacilitatorEvent permits FacilitatorRegistered, FacilitatorCertified, FacilitatorErased {
    /** Pseudonymous: random, derived from nothing about the person. */
    String facilitatorId();

    long version();

    Instant occurredAt();

    /** The tiers-lieu the facilitator works at. */
    String thirdPlaceId();
}
