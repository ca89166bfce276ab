package fr.maillage.territory;

import java.util.List;

/**
 * A current French commune (INSEE Code officiel géographique).
 *
 * @param code           today's INSEE commune code
 * @param metropoleCode  SIREN of the métropole (EPCI of type METRO or MET69) the commune belongs to, or null
 * @param metropoleName  name of that métropole, or null
 * @param population     INSEE municipal population (0 when unknown)
 * @param epciCode       SIREN of the EPCI the commune belongs to, whatever its type, or null
 */
public record Commune(
        String code,
        String name,
        String departement,
        String departementName,
        String region,
        String regionName,
        String metropoleCode,
        String metropoleName,
        SizeClass sizeClass,
        int population,
        List<String> postalCodes,
        String epciCode) {

    public Commune {
        postalCodes = List.copyOf(postalCodes);
    }

    public boolean inMetropole() {
        return metropoleCode != null;
    }
}
