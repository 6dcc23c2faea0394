package fr.tocsin.broadcast.networks;

import fr.tocsin.contracts.posts.Network;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The networks' rate windows and in-flight slots, on a clock the test sets. */
class PostingLimitsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final Duration FOREVER = Duration.ofDays(2);

    /** Telegram as documented: 30 per second per bot, 20 per minute per chat. */
    private static PostingLimits telegram() {
        return new PostingLimits(Map.of(Network.TELEGRAM, 2),
                Map.of(Network.TELEGRAM, List.of(PostingLimits.Window.parse("30/1s"))),
                Map.of(Network.TELEGRAM, List.of(PostingLimits.Window.parse("20/1m"))), Map.of());
    }

    /** Reserves a place and posts at once, answered at the time it was given. */
    private static Instant post(PostingLimits limits, Network network, String credentials, String target, String host,
                                Instant now) {
        PostingLimits.Reservation reservation = limits.reserve(network, credentials, target, host, now, FOREVER);
        assertThat(reservation.granted()).isTrue();
        limits.sent(reservation, reservation.at());
        return reservation.at();
    }

    @Test
    void aBotSendsAtMostThirtyInAnySecondWhateverTheChats() {
        PostingLimits limits = telegram();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            times.add(post(limits, Network.TELEGRAM, "bot", "@chat" + i, null, T0));
        }
        assertThat(times.subList(0, 30)).allMatch(T0::equals);
        assertThat(times.get(30)).isEqualTo(T0.plusSeconds(1));
        for (int i = 0; i + 30 < times.size(); i++) {
            assertThat(Duration.between(times.get(i), times.get(i + 30))).as("posts %d and %d", i, i + 30)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        // Another bot has its own budget.
        assertThat(post(limits, Network.TELEGRAM, "other-bot", "@chat0", null, T0)).isEqualTo(T0);
    }

    @Test
    void oneChatGetsAtMostTwentyAMinute() {
        PostingLimits limits = telegram();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            times.add(post(limits, Network.TELEGRAM, "bot", "@mende", null, T0));
        }
        assertThat(times.get(19)).isEqualTo(T0);
        assertThat(times.get(20)).isEqualTo(T0.plusSeconds(60));
        assertThat(times.get(40)).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void beyondThePatienceNothingIsReservedAndTheAnswerSaysWhenToComeBack() {
        PostingLimits limits = new PostingLimits(Map.of(), Map.of(Network.X, List.of(PostingLimits.Window.parse("2/15m"))),
                Map.of(), Map.of());
        Duration patience = Duration.ofSeconds(5);
        assertThat(post(limits, Network.X, "prefet59-x", null, null, T0)).isEqualTo(T0);
        assertThat(post(limits, Network.X, "prefet59-x", null, null, T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(1));
        PostingLimits.Reservation third = limits.reserve(Network.X, "prefet59-x", null, null, T0.plusSeconds(2), patience);
        assertThat(third.granted()).isFalse();
        assertThat(third.at()).isEqualTo(T0.plusSeconds(15 * 60));
        // Refused reservations take no place: coming back then, it goes at once.
        assertThat(limits.reserve(Network.X, "prefet59-x", null, null, T0.plusSeconds(15 * 60), patience).granted()).isTrue();
    }

    @Test
    void everyWindowOfANetworkHolds() {
        PostingLimits limits = new PostingLimits(Map.of(), Map.of(Network.BLUESKY,
                List.of(PostingLimits.Window.parse("3/1h"), PostingLimits.Window.parse("4/1d"))),
                Map.of(), Map.of(Network.BLUESKY, List.of(PostingLimits.Window.parse("1/1s"))));
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            times.add(post(limits, Network.BLUESKY, "prefet59-bluesky", null, "https://bsky.social", T0));
        }
        // One a second on the PDS, three an hour and four a day for the account.
        assertThat(times).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3600),
                T0.plusSeconds(86_400));
    }

    @Test
    void aPostInFlightCountsUntilAnsweredThenFromItsAnswer() {
        PostingLimits limits = new PostingLimits(Map.of(), Map.of(Network.MASTODON, List.of(PostingLimits.Window.parse("1/1s"))),
                Map.of(), Map.of());
        PostingLimits.Reservation first = limits.reserve(Network.MASTODON, "m59", null, null, T0, FOREVER);
        assertThat(first.granted()).isTrue();
        // While it is in flight, when the next may go is not known yet: look again shortly.
        PostingLimits.Reservation meanwhile = limits.reserve(Network.MASTODON, "m59", null, null, T0.plusSeconds(3), FOREVER);
        assertThat(meanwhile.granted()).isFalse();
        assertThat(meanwhile.at()).isEqualTo(T0.plusSeconds(3).plus(PostingLimits.IN_FLIGHT_RECHECK));
        // Answered 4 s after it was reserved (a slow network): the window runs from the answer, when the network may
        // have counted it, not from the reservation.
        limits.sent(first, T0.plusSeconds(4));
        assertThat(limits.reserve(Network.MASTODON, "m59", null, null, T0.plusSeconds(4), FOREVER).at())
                .isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aNetworkHasAFixedNumberOfSlotsInFlight() throws InterruptedException {
        PostingLimits limits = telegram();
        assertThat(limits.enter(Network.TELEGRAM, Duration.ZERO)).isTrue();
        assertThat(limits.enter(Network.TELEGRAM, Duration.ZERO)).isTrue();
        assertThat(limits.enter(Network.TELEGRAM, Duration.ofMillis(50))).as("a third in flight").isFalse();
        limits.leave(Network.TELEGRAM);
        assertThat(limits.enter(Network.TELEGRAM, Duration.ZERO)).isTrue();
    }

    @Test
    void windowsAreWrittenCountSlashDuration() {
        assertThat(PostingLimits.Window.parse("300/5m")).isEqualTo(new PostingLimits.Window(300, Duration.ofMinutes(5)));
        assertThat(PostingLimits.Window.parse(" 11666 / 1d ")).isEqualTo(new PostingLimits.Window(11_666, Duration.ofDays(1)));
        assertThatThrownBy(() -> PostingLimits.Window.parse("300 per 5 minutes")).hasMessageContaining("300 per 5 minutes");
        assertThatThrownBy(() -> PostingLimits.Window.parse("0/1s")).isInstanceOf(IllegalArgumentException.class);
    }
}
