package fr.tocsin.pagekit;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/** The frame's texts in English (pages under {@code /en}). */
@Localized("en")
public interface FrameMessagesEn extends FrameMessages {

    @Override
    @Message("Tocsin")
    String site_name();

    @Override
    @Message("Public service outages: who to call now")
    String site_tagline();

    @Override
    @Message("Skip links")
    String skiplinks();

    @Override
    @Message("Content")
    String skip_to_content();

    @Override
    @Message("Footer")
    String skip_to_footer();

    @Override
    @Message("Home — Tocsin")
    String home_title();

    @Override
    @Message("Français")
    String other_language();

    @Override
    @Message("Tocsin publishes the fallback numbers to call when public services fail. The information is published by "
            + "prefectures, ministries and towns.")
    String footer_description();

    @Override
    @Message("Accessibility: not compliant")
    String accessibility_footer();

    @Override
    @Message("Error {status}")
    String error_code(Object status);
}
