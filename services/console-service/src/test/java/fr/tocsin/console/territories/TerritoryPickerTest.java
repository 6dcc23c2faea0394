package fr.tocsin.console.territories;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.TerritoryRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The territory search of the declaration form: what each person is offered, and what they are told otherwise. */
class TerritoryPickerTest {

    private final TerritoryPicker picker = new TerritoryPicker();
    private final Actor mayorOfCaen = new Actor("maire-caen", "Maire de Caen", Actor.Role.MAYOR,
            List.of(TerritoryRef.commune("14118")), "Mairie de Caen");
    private final Actor nord = new Actor("agent-a-nord", "Agent A", Actor.Role.PREFECTURE,
            List.of(TerritoryRef.department("59")), "Préfecture du Nord");
    private final Actor ministry = new Actor("ministere", "Cellule de crise", Actor.Role.MINISTRY,
            List.of(TerritoryRef.national()), "Ministère de l’Intérieur");

    @Test
    void aCommuneByItsNameWithOrWithoutAccentsAndCaseOrByItsPostalCode() {
        for (String query : List.of("Caen", "caen", "CAËN", " caen ", "14000", "14118")) {
            assertThat(picker.find(mayorOfCaen, query).choices()).as(query)
                    .containsExactly(new TerritoryPicker.Choice("commune:14118", "Caen — commune, 14000, Calvados (14)"));
        }
        // Prefix: "Armenti" is Armentières to the prefecture of the Nord.
        assertThat(picker.find(nord, "armenti").choices()).extracting(TerritoryPicker.Choice::label)
                .first().asString().startsWith("Armentières — commune, 59280, Nord (59)");
        assertThat(picker.find(nord, "59000").choices()).extracting(TerritoryPicker.Choice::value).containsExactly("commune:59350");
    }

    @Test
    void aDepartmentByItsNameOrNumber() {
        assertThat(picker.find(nord, "nord").choices()).first()
                .isEqualTo(new TerritoryPicker.Choice("department:59", "Nord (59) — département"));
        assertThat(picker.find(nord, "59").choices()).containsExactly(new TerritoryPicker.Choice("department:59",
                "Nord (59) — département"));
        assertThat(picker.find(ministry, "calvados").choices()).first()
                .isEqualTo(new TerritoryPicker.Choice("department:14", "Calvados (14) — département"));
        assertThat(picker.find(ministry, "france").choices()).first()
                .isEqualTo(new TerritoryPicker.Choice("FR", "France entière"));
    }

    @Test
    void onlyWhatThePersonMayDeclareOnIsOffered() {
        // Caen's mayor: not the Calvados, not Lille, not another Caen-something.
        assertThat(picker.find(mayorOfCaen, "calvados").choices()).isEmpty();
        assertThat(picker.find(mayorOfCaen, "ca").choices()).extracting(TerritoryPicker.Choice::value)
                .containsExactly("commune:14118");
        assertThat(picker.find(nord, "caen").choices()).isEmpty();
        assertThat(picker.find(nord, "saint").choices()).isNotEmpty().hasSizeLessThanOrEqualTo(TerritoryPicker.LIMIT)
                .allMatch(choice -> choice.label().endsWith("Nord (59)"));
    }

    @Test
    void nothingFoundSaysWhy() {
        TerritoryPicker.Search lille = picker.find(mayorOfCaen, "Lille");
        assertThat(lille.choices()).isEmpty();
        assertThat(lille.message()).isEqualTo("« Lille » n’est dans aucun de vos territoires (Caen) : vous ne pouvez"
                + " déclarer que là.");
        TerritoryPicker.Search nowhere = picker.find(nord, "Zzyzx");
        assertThat(nowhere.choices()).isEmpty();
        assertThat(nowhere.message()).startsWith("Aucun territoire ne correspond à « Zzyzx »");
        assertThat(picker.find(nord, "  ").message()).startsWith("Saisissez le nom ou le code postal");
        TerritoryPicker.Search tooLong = picker.find(nord, "x".repeat(TerritoryPicker.MAX + 1));
        assertThat(tooLong.choices()).isEmpty();
        assertThat(tooLong.query()).isEmpty();
        assertThat(tooLong.message()).contains("ni un nom ni un code");
    }
}
