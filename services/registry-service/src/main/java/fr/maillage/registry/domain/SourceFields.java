package fr.maillage.registry.domain;

import java.util.Set;

/**
 * The fields of a tiers-lieu that its source file (the CGET 2019 base) gives, as an import last
 * wrote them: an import changes them again only while nobody else has, so that importing an old
 * file never undoes a correction made through the API.
 */
public record SourceFields(String name, String address, String postalCode, String communeCode, Double latitude,
                           Double longitude, Set<Typology> typologies) {

    public SourceFields {
        typologies = typologies == null ? Set.of() : Set.copyOf(typologies);
    }

    public static SourceFields of(ThirdPlaceDetails details) {
        return new SourceFields(details.name(), details.address(), details.postalCode(), details.commune().code(),
                details.latitude(), details.longitude(), details.typologies());
    }
}
