package fr.tocsin.dissemination.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The fixed texts of the public pages, French first; English in {@code messages/msg_en.properties}. Keys are
 * checked against the templates at build time, so a page cannot ship with a missing text. The frame's own words (skip
 * links, header, footer, language switch) are page-kit's ({@code frame:} bundle).
 */
@MessageBundle(locale = "fr")
public interface PageMessages {

    @Message("Tocsin")
    String site_name();

    @Message("Recherche")
    String skip_to_search();

    @Message("Read this page in English")
    String other_language_title();

    @Message("Fil d’Ariane")
    String breadcrumb();

    @Message("Toute la France")
    String all_of_france();

    @Message("Pannes des services publics en cours")
    String national_heading();

    @Message("Votre code postal ou votre commune")
    String search_label();

    @Message("Par exemple : 59000 ou Lille")
    String search_hint();

    @Message("Rechercher")
    String search_button();

    @Message("Rechercher votre commune")
    String search_heading();

    @Message("Recherche « {query} »")
    String search_title(String query);

    @Message("Aucune commune ne correspond à « {query} ».")
    String search_none(String query);

    @Message("{count} communes correspondent à « {query} » :")
    String search_results(int count, String query);

    @Message("Aucune panne en cours.")
    String national_none();

    @Message("Départements concernés")
    String affected_departments();

    @Message("Incidents en cours")
    String incidents_heading();

    @Message("{name} ({code}) : que faire maintenant")
    String department_heading(String name, String code);

    @Message("{name} : que faire maintenant")
    String commune_heading(String name);

    @Message("Aucune panne en cours dans ce département.")
    String department_none();

    @Message("Aucune panne en cours dans cette commune.")
    String commune_none();

    @Message("Numéros à appeler maintenant")
    String numbers_heading();

    @Message("Appeler le {number}")
    String call(String number);

    @Message("commune de {name}")
    String commune_scope(String name);

    @Message("Que faire :")
    String instructions();

    @Message("Services concernés :")
    String services();

    @Message("Territoires :")
    String territories();

    @Message("déclaré le")
    String declared_at();

    @Message("Dernière mise à jour :")
    String last_update();

    @Message("Version à imprimer")
    String printable_link();

    @Message("À afficher")
    String printable_title();

    @Message("Informations officielles diffusées par l’État. Vérifiez les mises à jour sur {url}")
    String printable_source(String url);

    @Message("Chronologie")
    String timeline();

    @Message("Détails de l’incident")
    String incident_details();

    @Message("""
            {#when status}\
            {#is 'ACTIVE'}En cours\
            {#is 'MONITORING'}En cours, sous surveillance\
            {#is 'RESOLVED'}Service rétabli\
            {#is 'CANCELLED'}Annulé\
            {#is 'SCHEDULED'}Travaux programmés\
            {#else}{status}{/when}""")
    String status(String status);

    @Message("Travaux programmés")
    String upcoming_heading();

    @Message("Ces travaux n’ont pas commencé : les numéros habituels fonctionnent. Les numéros à appeler à la place "
            + "s’afficheront sur cette page à leur début.")
    String upcoming_lead();

    @Message("Du")
    String planned_from();

    @Message("au")
    String planned_to();

    /** The public name of a service; services outside this list read as their code. */
    @Message("""
            {#when code}\
            {#is '15'}SAMU — urgence médicale (15)\
            {#is '17'}Police secours (17)\
            {#is '18'}Pompiers (18)\
            {#is '112'}Numéro d’urgence européen (112)\
            {#is '114'}Urgences pour les personnes sourdes ou malentendantes (114)\
            {#is '115'}Samu social (115)\
            {#is '116117'}Médecin de garde (116 117)\
            {#is '119'}Enfance en danger (119)\
            {#is '196'}Urgences en mer (196)\
            {#is '191'}Urgences aéronautiques (191)\
            {#is 'mairie'}Mairie\
            {#is 'etat-civil'}État civil\
            {#else}{code}{/when}""")
    String service(String code);

    @Message("Numéros de secours en vigueur — {name}")
    String widget_heading(String name);

    @Message("Aucun numéro de secours en vigueur — {name}.")
    String widget_none(String name);

    @Message("Toutes les informations")
    String widget_more();

    @Message("(nouvelle fenêtre)")
    String new_window();

    @Message("Flux Atom")
    String feed_atom();

    @Message("Flux RSS")
    String feed_rss();

    @Message("API pour les sites des préfectures")
    String api_link();

    @Message("Page introuvable")
    String not_found();

    @Message("""
            {#when status}\
            {#is '400'}Demande incorrecte\
            {#is '404'}Page introuvable\
            {#is '429'}Trop de demandes\
            {#is '503'}Service surchargé\
            {#else}Erreur inattendue{/when}""")
    String error_heading(String status);

    @Message("""
            {#when status}\
            {#is '400'}Cette demande n’a pas pu être comprise : l’adresse ou la recherche contient une erreur.\
            {#is '404'}La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.\
            {#is '429'}Vous avez fait trop de demandes en peu de temps. Réessayez dans quelques instants.\
            {#is '503'}Le service est momentanément surchargé. Réessayez dans quelques secondes.\
            {#else}Une erreur est survenue. Réessayez dans quelques instants.{/when}""")
    String error_lead(String status);

    @Message("Si vous avez tapé l’adresse dans votre navigateur, vérifiez qu’elle est correcte. Cherchez votre code "
            + "postal ou votre commune ci-dessous, ou consultez les pannes en cours dans toute la France.")
    String error_help();

    @Message("Voir les pannes en cours dans toute la France")
    String error_home();

    @Message("Accessibilité : non conforme")
    String accessibility_footer();

    @Message("Déclaration d’accessibilité")
    String accessibility_heading();

    @Message("Actualiser la page")
    String reload();

    @Message("Cette page se met à jour automatiquement.")
    String live_on();

    @Message("Page mise à jour.")
    String live_updated();

    @Message("Pannes en cours")
    String widget_incidents();

    @Message("Recevoir les numéros de secours par SMS ou par e-mail")
    String subscribe_heading();

    @Message("Quand un numéro d’urgence ne répond plus chez vous, recevez un message court avec le numéro à appeler à "
            + "la place, puis un message quand le service est rétabli.")
    String subscribe_lead();

    @Message("Votre numéro de mobile ou votre adresse e-mail")
    String subscribe_destination();

    @Message("Un mobile français (métropole ou outre-mer), par exemple 06 12 34 56 78, ou une adresse e-mail")
    String subscribe_destination_hint();

    @Message("Votre commune, votre département ou toute la France")
    String subscribe_territory();

    @Message("Code postal, nom de la commune, numéro du département, ou « France »")
    String subscribe_territory_hint();

    @Message("Un code (SMS) ou un lien (e-mail) vous sera envoyé pour confirmer ; rien d’autre avant. Désabonnement en "
            + "un geste.")
    String subscribe_privacy();

    @Message("Données personnelles")
    String subscribe_privacy_link();

    @Message("M’abonner")
    String subscribe_button();

    @Message("Gérer ou supprimer mes abonnements")
    String subscribe_manage();
}
