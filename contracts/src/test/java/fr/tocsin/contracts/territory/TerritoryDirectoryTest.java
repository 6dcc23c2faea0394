package fr.tocsin.contracts.territory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TerritoryDirectoryTest {

    private final TerritoryDirectory directory = TerritoryDirectory.get();

    @Test
    void countsMatchFrance() {
        assertThat(directory.regions()).hasSize(18);
        assertThat(directory.departments()).hasSize(101).noneMatch(Department::collectivity)
                .allMatch(d -> directory.region(d.regionCode()).isPresent());
        assertThat(directory.collectivities()).extracting(Department::code)
                .containsExactly("975", "977", "978", "984", "986", "987", "988", "989");
        assertThat(directory.collectivities()).allMatch(d -> d.collectivity() && d.regionCode() == null);
        int communes = directory.departmentCodesCoveredBy(TerritoryRef.national()).stream()
                .mapToInt(code -> directory.communesOf(code).size()).sum();
        assertThat(communes).isBetween(34_000, 35_500);
        assertThat(directory.communesOf("59")).hasSizeGreaterThan(600);
        assertThat(directory.communesOf("00")).isEmpty();
    }

    @Test
    void caen() {
        Commune caen = directory.commune("14118").orElseThrow();
        assertThat(caen.name()).isEqualTo("Caen");
        assertThat(caen.departmentCode()).isEqualTo("14");
        assertThat(caen.regionCode()).isEqualTo("28");
        assertThat(caen.postalCodes()).containsExactly("14000");
        assertThat(directory.communesByPostalCode("14000")).containsExactly(caen);
        assertThat(directory.name(TerritoryRef.commune("14118"))).isEqualTo("Caen");
        assertThat(directory.name(TerritoryRef.region("28"))).isEqualTo("Normandie");
    }

    @Test
    void lilleAndTheNord() {
        assertThat(directory.communesByPostalCode(" 59000 ")).extracting(Commune::name).containsExactly("Lille");
        assertThat(directory.department("59").orElseThrow()).isEqualTo(new Department("59", "Nord", "32", false));
        assertThat(directory.region("32").orElseThrow().name()).isEqualTo("Hauts-de-France");
        assertThat(directory.communesByPostalCode("00000")).isEmpty();
        assertThat(directory.communesByPostalCode(null)).isEmpty();
        assertThat(directory.communesByPostalCode("01400")).hasSizeGreaterThan(1);
    }

    @Test
    void arrondissementsPostalCodesLeadToTheirCity() {
        assertThat(directory.communesByPostalCode("75116")).extracting(Commune::code).containsExactly("75056");
        assertThat(directory.communesByPostalCode("69003")).extracting(Commune::name).containsExactly("Lyon");
        assertThat(directory.communesByPostalCode("13001")).extracting(Commune::name).containsExactly("Marseille");
        assertThat(directory.commune("75101")).isEmpty();
    }

    @Test
    void corsica() {
        assertThat(directory.department("2a").orElseThrow().name()).isEqualTo("Corse-du-Sud");
        assertThat(directory.department("2B").orElseThrow().name()).isEqualTo("Haute-Corse");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.region("94"))).containsExactly("2A", "2B");
        Commune ajaccio = directory.commune("2a004").orElseThrow();
        assertThat(ajaccio.name()).isEqualTo("Ajaccio");
        assertThat(ajaccio.regionCode()).isEqualTo("94");
        assertThat(directory.communesOf("2A")).hasSizeGreaterThan(100).allMatch(c -> c.code().startsWith("2A"));
        assertThat(directory.covers(TerritoryRef.parse("2B"), TerritoryRef.parse("2A004"))).isFalse();
    }

    @Test
    void overseas() {
        assertThat(directory.department("971").orElseThrow()).isEqualTo(new Department("971", "Guadeloupe", "01", false));
        assertThat(directory.department("974").orElseThrow().name()).isEqualTo("La Réunion");
        assertThat(directory.department("976").orElseThrow().name()).isEqualTo("Mayotte");
        assertThat(directory.commune("97411").orElseThrow().name()).isEqualTo("Saint-Denis");
        assertThat(directory.communesByPostalCode("97600")).extracting(Commune::name).contains("Mamoudzou");
        assertThat(directory.parent(TerritoryRef.department("974"))).contains(TerritoryRef.region("04"));

        Department newCaledonia = directory.department("988").orElseThrow();
        assertThat(newCaledonia.collectivity()).isTrue();
        assertThat(directory.departments()).doesNotContain(newCaledonia);
        assertThat(directory.parent(TerritoryRef.department("988"))).contains(TerritoryRef.national());
        Commune saintPierre = directory.commune("97502").orElseThrow();
        assertThat(saintPierre.departmentCode()).isEqualTo("975");
        assertThat(saintPierre.regionCode()).isNull();
    }

    @Test
    void parents() {
        assertThat(directory.parent(TerritoryRef.commune("59350"))).contains(TerritoryRef.department("59"));
        assertThat(directory.parent(TerritoryRef.department("59"))).contains(TerritoryRef.region("32"));
        assertThat(directory.parent(TerritoryRef.region("32"))).contains(TerritoryRef.national());
        assertThat(directory.parent(TerritoryRef.national())).isEmpty();
        assertThat(directory.parent(TerritoryRef.commune("99999"))).isEmpty();
    }

    @Test
    void relatedIsNeitherCoveringTheOther() {
        assertThat(directory.related(TerritoryRef.parse("department:59"), TerritoryRef.parse("department:62"))).isFalse();
        assertThat(directory.related(TerritoryRef.parse("commune:59350"), TerritoryRef.parse("commune:59009"))).isFalse();
        assertThat(directory.related(TerritoryRef.parse("commune:59350"), TerritoryRef.parse("region:32"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "FR, FR, true",
            "FR, 59, true",
            "FR, commune:14118, true",
            "FR, department:988, true",
            "region:32, department:59, true",
            "region:32, commune:59350, true",
            "region:32, region:32, true",
            "region:32, department:14, false",
            "region:32, commune:14118, false",
            "region:32, FR, false",
            "department:59, commune:59350, true",
            "department:59, department:59, true",
            "department:59, region:32, false",
            "department:59, FR, false",
            "department:62, commune:59350, false",
            "commune:59350, commune:59350, true",
            "commune:59350, department:59, false",
            "commune:59350, FR, false",
            "department:988, commune:98818, true",
    })
    void covers(String scope, String target, boolean expected) {
        assertThat(directory.covers(TerritoryRef.parse(scope), TerritoryRef.parse(target))).isEqualTo(expected);
        // related: either way round, so true whenever covers is, in both orders.
        if (expected) {
            assertThat(directory.related(TerritoryRef.parse(target), TerritoryRef.parse(scope))).isTrue();
        }
    }

    @Test
    void departmentsCoveredByScopes() {
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.national())).hasSize(109).contains("2A", "976", "988");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.region("32")))
                .containsExactly("02", "59", "60", "62", "80");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.department("59"))).containsExactly("59");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.commune("14118"))).containsExactly("14");
        assertThat(directory.departmentCodesCoveredBy(TerritoryRef.region("99"))).isEmpty();
    }

    @Test
    void searchIgnoresCaseAccentsHyphensAndSpaces() {
        assertThat(directory.searchCommunes("saint etienne", 5)).extracting(Commune::code).first().isEqualTo("42218");
        assertThat(directory.searchCommunes("SAINT-ÉTIENNE", 5)).extracting(Commune::code).first().isEqualTo("42218");
        assertThat(directory.searchCommunes("saintetienne", 5)).extracting(Commune::code).first().isEqualTo("42218");
        assertThat(directory.searchCommunes("la reunion", 5)).extracting(Commune::code).containsExactly("47222");
        assertThat(directory.searchCommunes("xyzzy", 5)).isEmpty();
        assertThat(directory.searchCommunes("evry", 50)).extracting(Commune::name).anyMatch(n -> n.startsWith("Évry"));
        assertThat(directory.searchCommunes("oeuilly", 5)).extracting(Commune::name).contains("Œuilly");
        assertThat(directory.searchCommunes("labergement clemenciat", 5)).extracting(Commune::code)
                .containsExactly("01001");
    }

    /** What a person types to find a territory: a name, a number, a postal code — each read the way people write it. */
    @Test
    void searchFindsDepartmentsByNumberOrNameAndCommunesByPostalCodeInseeCodeOrName() {
        java.util.function.Predicate<TerritoryRef> all = ref -> true;
        assertThat(directory.search("caen", 20, all)).first().isEqualTo(TerritoryRef.commune("14118"));
        assertThat(directory.search("CAËN", 20, all)).first().isEqualTo(TerritoryRef.commune("14118"));
        assertThat(directory.search("14000", 20, all)).containsExactly(TerritoryRef.commune("14118"));
        assertThat(directory.search(" 14118 ", 20, all)).containsExactly(TerritoryRef.commune("14118"));
        assertThat(directory.search("01400", 20, all)).hasSizeGreaterThan(1)
                .allMatch(ref -> directory.commune(ref.code()).orElseThrow().departmentCode().equals("01"));
        assertThat(directory.search("2a004", 20, all)).containsExactly(TerritoryRef.commune("2A004"));
        // A department by its number, or its name from its start, without its accents and hyphens.
        assertThat(directory.search("59", 20, all)).containsExactly(TerritoryRef.department("59"));
        assertThat(directory.search("2b", 20, all)).containsExactly(TerritoryRef.department("2B"));
        assertThat(directory.search("calva", 20, all)).first().isEqualTo(TerritoryRef.department("14"));
        assertThat(directory.search("cote d or", 20, all)).first().isEqualTo(TerritoryRef.department("21"));
        // "Nord": the department first, then the communes whose name holds it.
        List<TerritoryRef> nord = directory.search("Nord", 20, all);
        assertThat(nord.getFirst()).isEqualTo(TerritoryRef.department("59"));
        assertThat(nord.subList(1, nord.size())).isNotEmpty().allMatch(ref -> ref.level() == TerritoryLevel.COMMUNE);
        assertThat(directory.search("normandie", 20, all)).first().isEqualTo(TerritoryRef.region("28"));
        assertThat(directory.search("France", 20, all)).first().isEqualTo(TerritoryRef.national());
        assertThat(directory.search("zzqx", 20, all)).isEmpty();
        assertThat(directory.search("  ", 20, all)).isEmpty();
        assertThat(directory.search(null, 20, all)).isEmpty();
    }

    /** The filter applies before the limit: a prefecture of the Nord finds its own "Saint-…" among 4,000 in France. */
    @Test
    void searchOffersOnlyWhatTheFilterAcceptsAndCountsOnlyThoseInItsLimit() {
        TerritoryRef nord = TerritoryRef.department("59");
        List<TerritoryRef> found = directory.search("saint", 5, ref -> directory.covers(nord, ref));
        assertThat(found).hasSize(5).allMatch(ref -> ref.level() == TerritoryLevel.COMMUNE
                && directory.commune(ref.code()).orElseThrow().departmentCode().equals("59"));
        TerritoryRef caen = TerritoryRef.commune("14118");
        assertThat(directory.search("caen", 20, ref -> directory.covers(caen, ref))).containsExactly(caen);
        assertThat(directory.search("14000", 20, ref -> directory.covers(caen, ref))).containsExactly(caen);
        assertThat(directory.search("calvados", 20, ref -> directory.covers(caen, ref))).isEmpty();
        assertThat(directory.search("lille", 20, ref -> directory.covers(caen, ref))).isEmpty();
    }

    @Test
    void fastFoldingAgreesWithTheNormalizer() {
        List<String> names = new java.util.ArrayList<>(List.of("Œuilly", "L'Haÿ-les-Roses", "Saint-Étienne", "ÆÇ É",
                "Ελλάδα", "İstanbul", "Mont‑Saint‑Michel", "a\u0301b"));
        directory.departmentCodesCoveredBy(TerritoryRef.national())
                .forEach(code -> directory.communesOf(code).forEach(c -> names.add(c.name())));
        assertThat(names).allSatisfy(n -> assertThat(TerritoryDirectory.fold(n)).isEqualTo(TerritoryDirectory.slowFold(n)));
        assertThat(TerritoryDirectory.fold("L'Haÿ-les-Roses")).isEqualTo("lhaylesroses");
        assertThat(TerritoryDirectory.fold("Œuilly")).isEqualTo("oeuilly");
    }

    @Test
    void searchPutsPrefixMatchesFirstAndHonoursTheLimit() {
        assertThat(directory.searchCommunes("CAEN", 3)).extracting(Commune::code).first().isEqualTo("14118");
        assertThat(directory.searchCommunes("lille", 20)).extracting(Commune::name)
                .containsExactly("Lille", "Lillers", "Lillemer", "Lillebonne", "Oursbelille", "Marquette-lez-Lille",
                        "Saint-André-lez-Lille");
        assertThat(directory.searchCommunes("lille", 2)).extracting(Commune::name).containsExactly("Lille", "Lillers");
        assertThat(directory.searchCommunes("", 3)).isEmpty();
        assertThat(directory.searchCommunes(" - ", 3)).isEmpty();
        assertThat(directory.searchCommunes(null, 3)).isEmpty();
        assertThat(directory.searchCommunes("caen", 0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "FR, FR", "fr, FR", "59, department:59", "01, department:01", "2a, department:2A",
            "974, department:974", "988, department:988", "14118, commune:14118", "2A004, commune:2A004",
            "2b033, commune:2B033", "region:32, region:32", "REGION:32, region:32", "department:59, department:59",
            "Department:2b, department:2B", "commune:14118, commune:14118", "' department:59 ', department:59"
    })
    void parsesCanonicalFormsAndShortcuts(String text, String canonical) {
        TerritoryRef ref = TerritoryRef.parse(text);
        assertThat(ref).hasToString(canonical);
        assertThat(TerritoryRef.parse(canonical)).isEqualTo(ref);
        assertThat(TerritoryRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void factoriesMatchParsing() {
        assertThat(TerritoryRef.national()).isEqualTo(new TerritoryRef(TerritoryLevel.NATIONAL, "FR"));
        assertThat(TerritoryRef.region("32")).isEqualTo(TerritoryRef.parse("region:32"));
        assertThat(TerritoryRef.department("2a")).isEqualTo(TerritoryRef.parse("2A"));
        assertThat(TerritoryRef.commune("14118")).isEqualTo(TerritoryRef.parse("14118"));
        assertThat(TerritoryRef.parse("32").level()).isEqualTo(TerritoryLevel.DEPARTMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "France", "5", "1234", "123456", "region:2A", "region:", "region:032",
            "department:123456", "department:", "department:2C", "department:999", "commune:59", "commune:2C004",
            "city:59", "FR:59", ":59", "department:59:1", "<script>"})
    void rejectsBadSyntax(String text) {
        assertThatThrownBy(() -> TerritoryRef.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("territory").hasMessageContaining("expected FR, region:");
    }

    @Test
    void rejectsBadCodesInFactoriesAndConstructor() {
        assertThatThrownBy(() -> TerritoryRef.department("14118")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"14118\" is not a department code");
        assertThatThrownBy(() -> TerritoryRef.region("2A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TerritoryRef.commune("59")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TerritoryRef(TerritoryLevel.NATIONAL, "59")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TerritoryRef.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownButWellFormedCodesDoNotExist() {
        assertThat(directory.exists(TerritoryRef.parse("department:00"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("department:20"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("commune:99999"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("region:99"))).isFalse();
        assertThat(directory.exists(TerritoryRef.parse("FR"))).isTrue();
        assertThat(directory.exists(TerritoryRef.parse("region:32"))).isTrue();
        assertThat(directory.exists(TerritoryRef.parse("988"))).isTrue();
        assertThat(directory.exists(TerritoryRef.parse("2A004"))).isTrue();
        assertThat(directory.name(TerritoryRef.parse("commune:99999"))).isEqualTo("99999");
        assertThat(directory.name(TerritoryRef.national())).isEqualTo("France");
        assertThat(directory.region("99")).isEqualTo(Optional.empty());
    }

    @Test
    void jsonUsesTheCanonicalString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        record Scope(List<TerritoryRef> territories) {
        }
        Scope scope = new Scope(List.of(TerritoryRef.national(), TerritoryRef.region("32"), TerritoryRef.department("2A"),
                TerritoryRef.commune("14118")));
        String written = json.writeValueAsString(scope);
        assertThat(written).isEqualTo("{\"territories\":[\"FR\",\"region:32\",\"department:2A\",\"commune:14118\"]}");
        assertThat(json.readValue(written, Scope.class)).isEqualTo(scope);
        assertThat(json.readValue("{\"territories\":[\"59\",\"fr\"]}", Scope.class).territories())
                .containsExactly(TerritoryRef.department("59"), TerritoryRef.national());
        assertThat(json.readValue("\"commune:2A004\"", TerritoryRef.class)).isEqualTo(TerritoryRef.commune("2A004"));
        assertThat(json.writeValueAsString(Map.of("t", TerritoryRef.department("974")))).isEqualTo("{\"t\":\"department:974\"}");
        assertThatThrownBy(() -> json.readValue("\"region:2A\"", TerritoryRef.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
