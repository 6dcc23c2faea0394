package fr.tocsin.broadcast.subscriptions.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The fixed texts of the subscription pages, French first; English in {@code messages/msg_en.properties}. Keys are
 * checked against the templates at build time. The frame's words (skip links, header, footer) are page-kit's
 * ({@code frame:} bundle), the same as the public pages'.
 */
@MessageBundle(locale = "fr")
public interface SubscriptionPageMessages {

    @Message("Tocsin")
    String site_name();

    @Message("Données personnelles")
    String privacy_link();

    @Message("Gérer mes abonnements")
    String manage_link();

    @Message("S’abonner")
    String subscribe_link();

    @Message("Recevoir les numéros de secours par SMS ou par e-mail")
    String subscribe_heading();

    @Message("Quand un numéro d’urgence ne répond plus chez vous, recevez un message court : ce qui est en panne et le "
            + "numéro à appeler à la place, puis un message quand le service est rétabli. Rien d’autre.")
    String subscribe_lead();

    @Message("Votre numéro de mobile ou votre adresse e-mail")
    String destination_label();

    @Message("Un mobile français (métropole ou outre-mer), par exemple 06 12 34 56 78, ou une adresse e-mail")
    String destination_hint();

    @Message("Votre commune, votre département ou toute la France")
    String territory_label();

    @Message("Code postal, nom de la commune, numéro du département, ou « France »")
    String territory_hint();

    @Message("Choisissez votre commune")
    String territory_choose();

    @Message("M’abonner")
    String subscribe_button();

    @Message("Nous ne gardons que votre numéro ou votre adresse, le territoire, la langue et l’heure de votre accord ; "
            + "tout est effacé quand vous vous désabonnez.")
    String subscribe_privacy();

    @Message("Le formulaire contient une erreur")
    String form_error_heading();

    @Message("Confirmez avec le code reçu par SMS")
    String code_heading();

    @Message("Nous venons d’envoyer un code à 6 chiffres par SMS. Saisissez-le pour confirmer votre abonnement : "
            + "tant qu’il n’est pas confirmé, vous ne recevrez rien d’autre.")
    String code_lead();

    @Message("Code reçu par SMS")
    String code_label();

    @Message("6 chiffres, valable 30 minutes")
    String code_hint();

    @Message("Confirmer")
    String code_button();

    @Message("Pas de SMS ? Vérifiez le numéro et abonnez-vous de nouveau : un nouveau code vous sera envoyé "
            + "(3 par heure au plus).")
    String code_again();

    @Message("Consultez votre boîte e-mail")
    String mailbox_heading();

    @Message("Nous venons d’envoyer un lien de confirmation à votre adresse. Ouvrez-le dans les 30 minutes pour "
            + "confirmer votre abonnement : tant qu’il n’est pas confirmé, vous ne recevrez rien d’autre.")
    String mailbox_lead();

    @Message("Rien reçu ? Regardez dans les courriers indésirables, ou abonnez-vous de nouveau (3 envois par heure au plus).")
    String mailbox_again();

    @Message("Confirmer votre abonnement")
    String confirm_heading();

    @Message("Pour recevoir les numéros de secours par e-mail, confirmez votre abonnement.")
    String confirm_lead();

    @Message("Confirmer mon abonnement")
    String confirm_button();

    @Message("Abonnement confirmé")
    String confirmed_heading();

    @Message("Vous recevrez un message quand un numéro d’urgence ne répondra plus sur votre territoire, puis quand il sera "
            + "rétabli.")
    String confirmed_lead();

    @Message("Pour vous désabonner : répondez STOP à nos SMS, ou suivez le lien présent dans chacun de nos e-mails.")
    String confirmed_stop();

    @Message("Se désabonner")
    String unsubscribe_heading();

    @Message("Confirmez la fin de cet abonnement : il sera supprimé, avec les données qui s’y rattachent.")
    String unsubscribe_lead();

    @Message("Me désabonner")
    String unsubscribe_button();

    @Message("Vous êtes désabonné")
    String unsubscribed_heading();

    @Message("Votre abonnement est supprimé, ainsi que les données qui s’y rattachent.")
    String unsubscribed_lead();

    @Message("Gérer vos abonnements")
    String manage_heading();

    @Message("Indiquez votre numéro de mobile ou votre adresse e-mail : nous y envoyons un lien, valable 30 minutes, "
            + "pour voir et supprimer vos abonnements.")
    String manage_lead();

    @Message("Recevoir le lien")
    String manage_button();

    @Message("Lien envoyé")
    String link_sent_heading();

    @Message("Si ce numéro ou cette adresse a des abonnements, un lien pour les gérer vient d’y être envoyé. Il est "
            + "valable 30 minutes.")
    String link_sent_lead();

    @Message("Vos abonnements")
    String mine_heading();

    @Message("Aucun abonnement pour ce numéro ou cette adresse.")
    String mine_none();

    @Message("confirmé")
    String mine_confirmed();

    @Message("en attente de confirmation")
    String mine_pending();

    @Message("Supprimer l’abonnement : {place}")
    String mine_delete(String place);

    @Message("Tout supprimer")
    String mine_delete_all();

    @Message("""
            {#when language}\
            {#is 'en'}anglais\
            {#else}français{/when}""")
    String language_name(String language);

    @Message("""
            {#when status}\
            {#is 403}Demande refusée\
            {#is 404}Lien ou page introuvable\
            {#is 422}Demande incorrecte\
            {#is 429}Trop de demandes\
            {#is 503}Envoi impossible pour l’instant\
            {#else}Erreur{/when}""")
    String error_heading(int status);

    @Message("Retour au formulaire d’abonnement")
    String error_back();

    @Message("Voir les pannes en cours")
    String home_link();
}
