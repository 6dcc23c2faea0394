package fr.tocsin.pagekit;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the page frame ({@code templates/dsfr/frame.html}), French first; English in {@link FrameMessagesEn}.
 * Templates read them as {@code {frame:key}}, in the language the page's template instance is rendered in. A service's
 * own texts stay in its own bundle ({@code msg}).
 */
@MessageBundle(value = "frame", locale = "fr")
public interface FrameMessages {

    @Message("Tocsin")
    String site_name();

    @Message("Pannes des services publics : qui appeler maintenant")
    String site_tagline();

    @Message("Accès rapide")
    String skiplinks();

    @Message("Contenu")
    String skip_to_content();

    @Message("Pied de page")
    String skip_to_footer();

    @Message("Accueil — Tocsin")
    String home_title();

    @Message("English")
    String other_language();

    @Message("Tocsin diffuse les numéros de secours de remplacement lors des pannes des services publics. "
            + "Les informations sont publiées par les préfectures, les ministères et les communes.")
    String footer_description();

    @Message("Accessibilité : non conforme")
    String accessibility_footer();

    @Message("Erreur {status}")
    String error_code(Object status);
}
