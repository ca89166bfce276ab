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
        if (code == null || code.isBlank()) {
            throw ApiException.invalidField(field, "is required (INSEE commune code, e.g. 44109)");
        }
        if (!territory.isWellFormedCode(code.trim().toUpperCase())) {
            throw ApiException.invalidField(field, "'" + abbreviate(code)
                    + "' is not an INSEE commune code (5 characters, e.g. 44109, 2A004, 97411)");
        }
        Commune commune = territory.resolve(code).orElseThrow(() -> ApiException.invalidField(field,
                "no commune has the INSEE code '" + code + "' in the official geography (COG)"));
        if (!territory.inDepartement(commune)) {
            // its département and région codes would be none of the 101 and 18 that searches and summaries use
            throw ApiException.invalidField(field, "'" + code + "' is " + commune.name() + ", in "
                    + commune.departementName() + ", an overseas collectivity: premises are offered in the"
                    + " départements (01 to 95, 2A, 2B, 971 to 976)");
        }
        return commune;
    }

    public static CommuneRef toRef(Commune commune) {
        return new CommuneRef(commune.code(), commune.name(), commune.departement(), commune.region());
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
