package fr.tocsin.contracts.territory;

import java.util.List;

public record Commune(String code, String name, String departmentCode, String regionCode, List<String> postalCodes) {

    public Commune {
        postalCodes = List.copyOf(postalCodes);
    }
}
