package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;

/** A tiers-lieu after a command, and whether the command changed it (false for a retry). */
public record PlaceResult(ThirdPlace place, boolean changed) {
}
