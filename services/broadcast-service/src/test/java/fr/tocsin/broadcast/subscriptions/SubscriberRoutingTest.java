package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which subscriptions' territories an alert concerns: what covers them, never the reverse. */
class SubscriberRoutingTest {

    @Test
    void aDepartmentsAlertConcernsItsSubscribersAndThoseOfItsCommunesNotFranceNorItsNeighbours() {
        Collection<String> concerned = SubscriberFanOut.concerned(List.of(TerritoryRef.department("46")));
        assertThat(concerned).contains("department:46", "commune:46042").doesNotContain("FR", "department:82",
                "commune:82121");
        assertThat(concerned).hasSize(1 + TerritoryDirectory.get().communesOf("46").size());
    }

    @Test
    void aCommunesAlertConcernsItsOwnSubscribersOnly() {
        assertThat(SubscriberFanOut.concerned(List.of(TerritoryRef.commune("46042")))).containsExactly("commune:46042");
    }

    @Test
    void aRegionsAlertConcernsItsDepartmentsAndTheirCommunesAndANationalOneEveryone() {
        Collection<String> occitanie = SubscriberFanOut.concerned(List.of(TerritoryRef.region("76")));
        assertThat(occitanie).contains("department:46", "department:82", "commune:46042", "commune:82121")
                .doesNotContain("department:59", "FR");
        assertThat(SubscriberFanOut.concerned(List.of(TerritoryRef.department("46"), TerritoryRef.national()))).isNull();
    }
}
