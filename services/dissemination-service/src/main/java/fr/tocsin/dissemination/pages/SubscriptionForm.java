package fr.tocsin.dissemination.pages;

import fr.tocsin.dissemination.config.PublicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Where the subscription form of the public pages posts, and its companion links: broadcast-service's pages
 * ({@code tocsin.public.subscriptions-url}), which receive and keep the subscriptions. The pages only carry the form,
 * the same for every visitor, so they stay cached and this tier holds no subscriber data.
 */
@ApplicationScoped
@Named("subscriptions")
public class SubscriptionForm {

    @Inject
    PublicConfig config;

    /** Whether the pages carry the form (a subscription service is configured). */
    public boolean enabled() {
        return config.subscriptionsUrl().isPresent();
    }

    /** The form's action, in the page's language: the subscription service's {@code /abonnement}. */
    public String action(PageContext page) {
        return url(page, "/abonnement");
    }

    public String manage(PageContext page) {
        return url(page, "/abonnement/gerer");
    }

    public String privacy(PageContext page) {
        return url(page, "/abonnement/donnees-personnelles");
    }

    private String url(PageContext page, String path) {
        return config.subscriptionsUrl().orElse("").replaceAll("/+$", "") + page.lang().prefix() + path;
    }
}
