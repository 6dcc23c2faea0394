package fr.tocsin.contracts.territory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerritoryDirectoryTest {

    private final TerritoryDirectory directory = TerritoryDirectory.get();

    @Test
    void countsMatchFrance() {
        assertThat(directory.departments()).hasSize(101);
        assertThat(directory.regions()).hasSize(18);
        assertThat(directory.collectivities()).extracting(Department::code).contains("975", "987", "988");
        assertThat(directory.communesOf("59")).hasSizeGreaterThan(600);
    }

    @Test
    void caenLilleAndOverseas() {
        Commune caen = directory.commune("14118").orElseThrow();
        assertThat(caen.name()).isEqualTo("Caen");
        assertThat(caen.departmentCode()).isEqualTo("14");
        assertThat(caen.regionCode()).isEqualTo("28");
        assertThat(caen.postalCodes()).contains("14000");
        assertThat(directory.communesByPostalCode("59000")).extracting(Commune::name).contains("Lille");
        assertThat(directory.department("59").orElseThrow().regionCode()).isEqualTo("32");
        assertThat(directory.region("32").orElseThrow().name()).isEqualTo("Hauts-de-France");
        assertThat(directory.department("2a").orElseThrow().name()).isEqualTo("Corse-du-Sud");
        assertThat(directory.department("2B")).isPresent();
        assertThat(directory.department("974").orElseThrow().name()).isEqualTo("La Réunion");
        assertThat(directory.department("976")).isPresent();
        assertThat(directory.department("971").orElseThrow().collectivity()).isFalse();
        assertThat(directory.department("988").orElseThrow().collectivity()).isTrue();
        assertThat(directory.commune("2A004").orElseThrow().name()).isEqualTo("Ajaccio");
    }

    @ParameterizedTest
    @CsvSource({
            "FR, 59, true",
            "FR, commune:14118, true",
            "region:32, department:59, true",
            "region:32, commune:59350, true",
            "region:32, department:14, false",
            "department:59, commune:59350, true",
            "department:59, department:59, true",
            "commune:59350, department:59, false",
            "department:62, commune:59350, false",
            "department:59, FR, false",
            "FR, department:988, true",
    })
    void covers(String scope, String target, boolean expected) {
        assertThat(directory.covers(TerritoryRef.parse(scope), TerritoryRef.parse(target))).isEqualTo(expected);
    }

    @Test
    void departmentsCoveredByScopes() {
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.national())).hasSize(109);
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.region("32")))
                .containsExactlyInAnyOrder("02", "59", "60", "62", "80");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.commune("14118"))).containsExactly("14");
    }

    @Test
    void searchIgnoresCaseAccentsAndHyphens() {
        assertThat(directory.searchCommunes("saint etienne", 5)).extracting(Commune::name).first()
                .isEqualTo("Saint-Étienne");
        assertThat(directory.searchCommunes("CAEN", 3)).extracting(Commune::code).first().isEqualTo("14118");
        assertThat(directory.searchCommunes("", 3)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "FR, FR", "fr, FR", "59, department:59", "2a, department:2A", "974, department:974",
            "14118, commune:14118", "2A004, commune:2A004", "region:32, region:32", "department:59, department:59",
            "commune:14118, commune:14118", " department:59 , department:59"
    })
    void parsesCanonicalFormsAndShortcuts(String text, String canonical) {
        assertThat(TerritoryRef.parse(text)).hasToString(canonical);
        assertThat(TerritoryRef.parse(canonical)).isEqualTo(TerritoryRef.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "France", "5", "1234", "region:2A", "department:123456", "commune:59", "city:59",
            "department:", "<script>"})
    void rejectsBadSyntax(String text) {
        assertThatThrownBy(() -> TerritoryRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownButWellFormedCodesDoNotExist() {
        assertThat(directory.exists(TerritoryRef.parse("department:00"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("commune:99999"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("region:99"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("FR"))).isTrue();
    }

    @Test
    void jsonUsesTheCanonicalString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        record Scope(List<TerritoryRef> territories) {
        }
        String written = json.writeValueAsString(new Scope(List.of(TerritoryRef.national(), TerritoryRef.department("59"))));
        assertThat(written).isEqualTo("{\"territories\":[\"FR\",\"department:59\"]}");
        assertThat(json.readValue("{\"territories\":[\"59\",\"region:32\"]}", Scope.class).territories())
                .containsExactly(TerritoryRef.department("59"), TerritoryRef.region("32"));
    }
}
