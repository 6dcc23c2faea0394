package fr.tocsin.kit.audit;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.Commune;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.util.Set;
import java.util.TreeSet;

/** Which territory references lie within a reader's territories. */
final class AuditScope {

    private AuditScope() {
    }

    /**
     * Every canonical reference within the reader's territories (themselves, their departments and communes),
     * or null when the reader sees everything (the ministry, or a territory of FR).
     */
    static Set<String> covered(Actor reader) {
        if (reader.role() == Actor.Role.MINISTRY
                || reader.territories().stream().anyMatch(t -> t.level() == TerritoryLevel.NATIONAL)) {
            return null;
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        Set<String> covered = new TreeSet<>();
        for (TerritoryRef own : reader.territories()) {
            covered.add(own.toString());
            if (own.level() == TerritoryLevel.REGION || own.level() == TerritoryLevel.DEPARTMENT) {
                for (String department : directory.departmentCodesCoveredBy(own)) {
                    covered.add(TerritoryRef.department(department).toString());
                    for (Commune commune : directory.communesOf(department)) {
                        covered.add(TerritoryRef.commune(commune.code()).toString());
                    }
                }
            }
        }
        return covered;
    }
}
