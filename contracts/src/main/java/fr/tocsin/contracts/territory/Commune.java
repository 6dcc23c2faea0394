package fr.tocsin.contracts.territory;

import java.util.List;

/**
 * A current commune (commune actuelle). Paris, Lyon and Marseille are single communes (75056, 69123, 13055)
 * holding the postal codes of all their arrondissements.
 *
 * @param code           INSEE code, not a postal code: Caen is 14118, postal code 14000
 * @param departmentCode its department, or its overseas collectivity
 * @param regionCode     null in an overseas collectivity, which belongs to no region
 * @param postalCodes    empty for the few uninhabited ones (French Southern and Antarctic Lands)
 */
public record Commune(String code, String name, String departmentCode, String regionCode, List<String> postalCodes) {

    public Commune {
        postalCodes = List.copyOf(postalCodes);
    }
}
