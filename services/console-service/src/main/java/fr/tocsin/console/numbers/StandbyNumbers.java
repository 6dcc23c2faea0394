package fr.tocsin.console.numbers;

import fr.tocsin.console.numbers.client.FallbackApi;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static fr.tocsin.console.apis.Apis.call;
import static fr.tocsin.console.apis.Apis.run;

/**
 * The standby numbers of the person's territories, through fallback-service's directory with their own token: the
 * API decides which territories they may read and change, and refuses the rest (shown as it says it).
 */
@ApplicationScoped
@TemplateData(target = FallbackApi.Number.class)
@TemplateData(target = FallbackApi.LiveNumbers.class)
@TemplateData(target = FallbackApi.Live.class)
@TemplateData(target = FallbackApi.ImportReport.class)
public class StandbyNumbers {

    @Inject
    @RestClient
    FallbackApi fallback;

    /** The numbers of one service, by priority. */
    @TemplateData
    public record ServiceNumbers(String service, List<FallbackApi.Number> numbers) {
    }

    /** The directory within a territory, one group per service. */
    public List<ServiceNumbers> byService(String territory) {
        Map<String, List<FallbackApi.Number>> groups = new TreeMap<>();
        call(() -> fallback.numbers(territory)).stream()
                .sorted(Comparator.comparing(FallbackApi.Number::territory).thenComparingInt(FallbackApi.Number::priority))
                .forEach(n -> groups.computeIfAbsent(n.service(), s -> new ArrayList<>()).add(n));
        return groups.entrySet().stream().map(e -> new ServiceNumbers(e.getKey(), e.getValue())).toList();
    }

    public FallbackApi.Number number(UUID id) {
        return call(() -> fallback.number(id));
    }

    public FallbackApi.Number add(NumberCommand number) {
        return call(() -> fallback.create(details(number)));
    }

    public FallbackApi.Number edit(UUID id, NumberCommand number) {
        return call(() -> fallback.update(id, details(number)));
    }

    /** Takes a number out of the directory: it no longer goes live with any incident. */
    public void retire(UUID id) {
        run(() -> fallback.delete(id));
    }

    /** All or nothing: a refusal lists each bad line ("line 3 : …") and nothing is stored. */
    public FallbackApi.ImportReport importCsv(String csv) {
        return call(() -> fallback.importCsv(csv));
    }

    /** What citizens of the territory (and those within it) were given to call at that instant; now when null. */
    public List<FallbackApi.LiveNumbers> liveAt(String territory, Instant at) {
        return call(() -> fallback.live(territory, at == null ? null : at.toString()));
    }

    private static FallbackApi.Details details(NumberCommand n) {
        return new FallbackApi.Details(n.territory(), n.service(), n.priority(), n.number(), n.label(), n.notes(),
                n.authority(), n.verifiedOn());
    }
}
