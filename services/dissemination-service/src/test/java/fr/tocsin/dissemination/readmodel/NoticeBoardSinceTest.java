package fr.tocsin.dissemination.readmodel;

import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.config.PublicConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Narrow unit test of the cursor arithmetic, with the production overlap (the test profile runs without one). */
class NoticeBoardSinceTest {

    @Test
    void theEarliestInstantParseAcceptsIsAnOldCursorNotAnOverflow() {
        NoticeBoard board = new NoticeBoard();
        board.config = (PublicConfig) Proxy.newProxyInstance(PublicConfig.class.getClassLoader(),
                new Class<?>[]{PublicConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sinceOverlap" -> Duration.ofMinutes(1);
                    case "changesRetention" -> Duration.ofDays(7);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        // "-1000000000-01-01T00:00:00Z" is Instant.MIN: minus the overlap it overflowed (a 500 on ?since=).
        NoticeBoard.Changes changes = board.changesAt(TerritoryRef.department("05"), Instant.parse("-1000000000-01-01T00:00:00Z"));
        assertThat(changes.full()).isTrue();
        assertThat(changes.asOf()).isAfter(Instant.EPOCH);
    }
}
