package fr.tocsin.dissemination.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path serves only URLs whose render-cache key is certain; everything else goes to the resources. */
class FastPathKeysTest {

    @Test
    void knownUrlsMapToTheResourcesKeys() {
        assertThat(FastPath.key("/", null)).hasValue("page|FR|fr");
        assertThat(FastPath.key("/en", null)).hasValue("page|FR|en");
        assertThat(FastPath.key("/departements/59", null)).hasValue("page|department:59|fr");
        assertThat(FastPath.key("/en/departements/2A", null)).hasValue("page|department:2A|en");
        assertThat(FastPath.key("/communes/14118", null)).hasValue("page|commune:14118|fr");
        assertThat(FastPath.key("/api/v1/notices", null)).hasValue("notices|FR|");
        assertThat(FastPath.key("/api/v1/notices", "territory=59")).hasValue("notices|department:59|");
        assertThat(FastPath.key("/api/v1/notices", "territory=department%3A59")).hasValue("notices|department:59|");
    }

    @Test
    void anythingUncertainGoesToTheResources() {
        assertThat(FastPath.key("/departements/2a", null)).as("non-canonical spelling").isEmpty();
        assertThat(FastPath.key("/departements/999", null)).isEmpty();
        assertThat(FastPath.key("/departements/59/imprimer", null)).isEmpty();
        assertThat(FastPath.key("/departements/59", "x=1")).isEmpty();
        assertThat(FastPath.key("/api/v1/notices", "territory=59&since=2026-01-01T00:00:00Z")).isEmpty();
        assertThat(FastPath.key("/api/v1/notices", "territory=nowhere")).isEmpty();
        assertThat(FastPath.key("/en/api/v1/notices", null)).isEmpty();
        assertThat(FastPath.key("/feeds/incidents.atom", null)).isEmpty();
        assertThat(FastPath.key("/static/dsfr-1.15.3/core/core.min.css", null)).isEmpty();
    }
}
