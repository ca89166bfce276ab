package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.CommuneRef;
import fr.maillage.security.ApiException;
import fr.maillage.territory.Commune;
import fr.maillage.territory.Territory;
import org.springframework.stereotype.Component;

/** Places a commune code in the reference geography (today's commune for old codes and arrondissements). */
@Component
public class CommuneLookup {

    private final Territory territory = Territory.load();

    public Territory territory() {
        return territory;
    }

    public Commune require(String field, String code) {
        Territory.Given given = territory.given(code, "premises are offered in the départements");
        if (given.problem() != null) {
            throw ApiException.invalidField(field, given.problem());
        }
        return given.commune();
    }

    public static CommuneRef toRef(Commune commune) {
        return new CommuneRef(commune.code(), commune.name(), commune.departement(), commune.region());
    }
}
