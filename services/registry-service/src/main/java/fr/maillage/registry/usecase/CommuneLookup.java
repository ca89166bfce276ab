package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.CommuneRef;
import fr.maillage.security.ApiException;
import fr.maillage.territory.Territory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Places a commune code in the reference geography (today's commune for old codes and arrondissements). */
@Component
public class CommuneLookup {

    private final Territory territory = Territory.load();

    public Territory territory() {
        return territory;
    }

    public CommuneRef require(String field, String code) {
        Territory.Given given = territory.given(code, "the network's tiers-lieux are in the départements");
        if (given.problem() != null) {
            throw ApiException.invalidField(field, given.problem());
        }
        return CommuneRef.of(given.commune());
    }

    public Optional<CommuneRef> resolve(String code) {
        return territory.resolve(code).map(CommuneRef::of);
    }
}
