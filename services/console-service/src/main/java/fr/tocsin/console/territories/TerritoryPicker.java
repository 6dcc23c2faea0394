package fr.tocsin.console.territories;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.Commune;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The declaration form's territory search: a commune by name ("Caen", "caën") or postal code ("14000"), a department by
 * name or number, found by contracts' {@link TerritoryDirectory#search} (the public pages' reading of a query) among
 * the signed-in person's territories only — a mayor of Caen is offered Caen, nothing else. Only an offer: the API
 * still decides where the person may declare.
 */
@ApplicationScoped
public class TerritoryPicker {

    /** Communes offered at most: past that, a name is too short to choose from. */
    static final int LIMIT = 20;
    /** Longer than any commune name: not searched. */
    static final int MAX = 100;

    /** A territory to choose: {@code value} is what the form's territory field takes. */
    @TemplateData
    public record Choice(String value, String label) {
    }

    /** What a search found: choices, or a message saying why there are none. */
    @TemplateData
    public record Search(String query, List<Choice> choices, String message) {
    }

    public Search find(Actor me, String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            return none(q, "Saisissez le nom ou le code postal d’une commune, ou le nom ou le numéro d’un département.");
        }
        if (q.length() > MAX || q.chars().anyMatch(Character::isISOControl)) {
            return none("", "Cette recherche n’est ni un nom ni un code : saisissez un nom de commune, un code postal"
                    + " ou un département.");
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<TerritoryRef> found = directory.search(q, LIMIT, me::covers);
        if (!found.isEmpty()) {
            return new Search(q, found.stream().map(ref -> new Choice(ref.toString(), label(directory, ref))).toList(),
                    null);
        }
        if (directory.search(q, 1, ref -> true).isEmpty()) {
            return none(q, "Aucun territoire ne correspond à « " + q + " » : vérifiez l’orthographe, ou essayez le code"
                    + " postal de la commune ou le numéro du département.");
        }
        return none(q, "« " + q + " » n’est dans aucun de vos territoires ("
                + me.territories().stream().map(directory::name).collect(Collectors.joining(", "))
                + ") : vous ne pouvez déclarer que là.");
    }

    private static Search none(String query, String message) {
        return new Search(query, List.of(), message);
    }

    /** "Caen — commune, 14000, Calvados (14)", "Nord (59) — département", "Normandie — région", "France entière". */
    static String label(TerritoryDirectory directory, TerritoryRef ref) {
        return switch (ref.level()) {
            case NATIONAL -> "France entière";
            case REGION -> directory.name(ref) + " — région";
            case DEPARTMENT -> directory.name(ref) + " (" + ref.code() + ") — département";
            case COMMUNE -> {
                Commune commune = directory.commune(ref.code()).orElseThrow();
                String department = directory.name(TerritoryRef.department(commune.departmentCode()));
                yield commune.name() + " — commune, " + (commune.postalCodes().isEmpty() ? ""
                        : String.join(" ", commune.postalCodes().subList(0, Math.min(3, commune.postalCodes().size())))
                        + (commune.postalCodes().size() > 3 ? "…" : "") + ", ")
                        + department + " (" + commune.departmentCode() + ")";
            }
        };
    }
}
