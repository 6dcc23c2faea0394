package fr.tocsin.incident.templates;

import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Recurring outages, prefilled so that declaring one takes a template name and territories. */
public final class IncidentTemplates {

    public record Template(String id, String category, LocalizedText title, LocalizedText description,
                           LocalizedText instructions, List<String> services, Severity severity) {
    }

    public static final List<Template> ALL = List.of(
            new Template("emergency-numbers-unreachable", "emergency-numbers",
                    new LocalizedText("Numéros d’urgence injoignables", "Emergency numbers unreachable"),
                    new LocalizedText("Les numéros d’urgence 15, 17, 18 et 112 ne répondent pas ou mal à la suite d’une panne "
                            + "d’un opérateur de télécommunications.",
                            "The emergency numbers 15, 17, 18 and 112 do not answer, or answer poorly, after a "
                                    + "telecommunications operator's failure."),
                    new LocalizedText("En cas d’urgence, appelez le numéro de secours affiché pour votre département. "
                            + "Si vous ne pouvez pas appeler, rendez-vous à la caserne de pompiers ou à la gendarmerie la plus proche.",
                            "In an emergency, call the fallback number shown for your department. If you cannot call, "
                                    + "go to the nearest fire station or gendarmerie."),
                    List.of("15", "17", "18", "112"), Severity.EXTREME),
            new Template("municipal-it-down", "municipal-services",
                    new LocalizedText("Services municipaux indisponibles", "Municipal services unavailable"),
                    new LocalizedText("Les services en ligne, la messagerie et le paiement par carte de la mairie sont "
                            + "indisponibles à la suite d’un incident informatique.",
                            "The town hall's online services, e-mail and card payments are unavailable after an IT incident."),
                    new LocalizedText("Contactez la mairie au numéro de secours affiché. Paiement en espèces uniquement.",
                            "Call the town hall on the fallback number shown. Cash payment only."),
                    List.of("mairie", "etat-civil"), Severity.MODERATE),
            new Template("electronic-monitoring-down", "justice",
                    new LocalizedText("Surveillance électronique interrompue", "Electronic monitoring interrupted"),
                    new LocalizedText("Le suivi des bracelets électroniques est interrompu à la suite d’une panne réseau.",
                            "Electronic tag monitoring is interrupted after a network failure."),
                    new LocalizedText("Les personnes placées sous surveillance doivent respecter leurs obligations habituelles.",
                            "People under monitoring must keep to their usual obligations."),
                    List.of("surveillance-electronique"), Severity.SEVERE),
            // Planned works (#22): declared with plannedStartAt and plannedEndAt. Their texts read the same before
            // and during the works, so they announce, never say "unreachable".
            new Template("operator-maintenance-emergency-routing", "planned-works",
                    new LocalizedText("Travaux programmés sur l’acheminement des appels d’urgence",
                            "Planned works on emergency call routing"),
                    new LocalizedText("Un opérateur de télécommunications intervient sur la plateforme qui achemine les "
                            + "appels d’urgence. Pendant les travaux, les appels au 15, au 17, au 18 et au 112 peuvent "
                            + "ne pas aboutir.",
                            "A telecommunications operator is working on the platform that routes emergency calls. "
                                    + "During the works, calls to 15, 17, 18 and 112 may fail."),
                    new LocalizedText("Pendant les travaux, en cas d’urgence, appelez le numéro de secours affiché pour "
                            + "votre département.",
                            "During the works, in an emergency, call the fallback number shown for your department."),
                    List.of("15", "17", "18", "112"), Severity.SEVERE),
            new Template("town-hall-phone-migration", "planned-works",
                    new LocalizedText("Changement du standard téléphonique de la mairie",
                            "Town hall telephone system migration"),
                    new LocalizedText("La mairie change de standard téléphonique. Pendant l’opération, ses numéros "
                            + "habituels peuvent ne pas répondre.",
                            "The town hall is moving to a new telephone system. During the migration, its usual "
                                    + "numbers may not answer."),
                    new LocalizedText("Pendant l’opération, appelez le numéro de remplacement affiché ou présentez-vous "
                            + "à l’accueil de la mairie.",
                            "During the migration, call the replacement number shown or come to the town hall's front desk."),
                    List.of("mairie"), Severity.MINOR));

    private static final Map<String, Template> BY_ID = ALL.stream()
            .collect(Collectors.toMap(Template::id, Function.identity()));

    private IncidentTemplates() {
    }

    public static Optional<Template> find(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }
}
