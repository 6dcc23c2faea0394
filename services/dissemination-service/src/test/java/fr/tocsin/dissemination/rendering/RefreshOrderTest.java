package fr.tocsin.dissemination.rendering;

import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a change, the outputs of the territory that changed are re-rendered at once and the other hot outputs in a
 * later pass, so a page someone is waiting on is not queued behind the pages of every other department (narrow unit test: the
 * board is a stand-in that only counts versions and says which territories changed).
 */
class RefreshOrderTest {

    private final AtomicLong version = new AtomicLong(1);
    private Set<TerritoryRef> touched = Set.of();

    private final NoticeBoard board = new NoticeBoard() {
        @Override
        public long version() {
            return version.get();
        }

        @Override
        public Set<TerritoryRef> drainTouched() {
            Set<TerritoryRef> drained = touched;
            touched = Set.of();
            return drained;
        }
    };

    @Test
    void whatTheChangeConcernsIsRenderedAtOnceTheOthersInTheLaterPass() throws Exception {
        RenderCache cache = new RenderCache();
        cache.board = board;
        List<String> rendered = new ArrayList<>();
        // Asked in this order: the Nord page is the least recently requested, as the one a change hits usually is.
        for (String key : List.of("59", "13", "35", "FR", "44")) {
            TerritoryRef scope = key.equals("FR") ? null : TerritoryRef.department(key);
            cache.get(key, scope, "text/html", () -> {
                rendered.add(key);
                return "<p>" + key + " at " + version.get() + "</p>";
            });
            Thread.sleep(1); // distinct request instants
        }
        rendered.clear();

        version.incrementAndGet();
        touched = Set.of(TerritoryRef.commune("59350")); // a commune of Nord: its department's page shows it
        cache.refresh();

        // At once: the national page (it may show any change) and Nord's, most recently requested first.
        assertThat(rendered).containsExactly("FR", "59");
        // The others in the later pass, which renders nothing twice.
        cache.refreshOthers();
        assertThat(rendered).containsExactly("FR", "59", "44", "35", "13");
        assertThat(new String(cache.peek("59").orElseThrow().body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("<p>59 at 2</p>");
    }
}
