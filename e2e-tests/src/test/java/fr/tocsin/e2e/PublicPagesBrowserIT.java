package fr.tocsin.e2e;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A citizen on a phone, in real headless Chromium (Debian's package, installed by tools/system-packages.sh):
 * from the national page, searches a postal code, lands on the department page and finds the number to call.
 * Every page visited is audited with axe-core (WCAG 2.1 A and AA rules): every public page type, in French and in
 * English, error pages, widget, printable version and accessibility statement included. Screenshots go to
 * target/screenshots.
 */
class PublicPagesBrowserIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = E2eStack.get();
        assertThat(stack.loadDemoNumbers()).startsWith("Demo standby numbers loaded");
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aCitizenSearchesAPostalCodeAndFindsTheNumberToCallOnAnAccessiblePage() throws Exception {
        String title = "Le 15 et le 18 ne répondent plus dans le Calvados";
        String incident = declareInCalvados(title);
        String site = stack.service("dissemination-service").url();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String page = HTTP.send(HttpRequest.newBuilder(URI.create(site + "/departements/14")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return page.contains(title) && page.contains("href=\"tel:");
        });

        Path screenshots = Path.of(System.getProperty("tocsin.browser.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                    .setLocale("fr-FR"));
            Page page = phone.newPage();

            page.navigate(site + "/");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Pannes des services publics en cours");
            PlaywrightAssertions.assertThat(page.getByText(title)).isVisible();
            assertAccessible(page, screenshots.resolve("national.png"));

            page.getByLabel("Votre code postal ou votre commune").fill("14000");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rechercher")).click();
            page.waitForURL(site + "/departements/14");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Calvados (14) : que faire maintenant");
            var call = page.locator("a.tocsin-tel[href^='tel:+33']").first();
            PlaywrightAssertions.assertThat(call).isVisible();
            assertThat(call.textContent()).matches("0\\d( \\d\\d){4}");
            PlaywrightAssertions.assertThat(page.getByText("SAMU — urgence médicale (15)").first()).isVisible();
            PlaywrightAssertions.assertThat(page.getByText(title)).isVisible();
            assertAccessible(page, screenshots.resolve("departement-14.png"));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("English")).click();
            page.waitForURL(site + "/en/departements/14");
            PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "en");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Calvados (14): what to do now");
            assertAccessible(page, screenshots.resolve("departement-14-en.png"));

            page.navigate(site + "/departements/14/imprimer");
            assertAccessible(page, screenshots.resolve("departement-14-imprimer.png"));

            // Every other page type, in both languages (issue #16, point 4).
            for (String language : List.of("", "/en")) {
                String name = language.isEmpty() ? "fr" : "en";
                Set<String> missing = Set.of("/departements/99", "/incidents/not-a-uuid");
                for (String path : List.of("/incidents/" + incident, "/communes/14118", "/recherche?q=saint",
                        "/widget/departements/14", "/accessibilite", "/departements/99", "/incidents/not-a-uuid")) {
                    var response = page.navigate(site + language + path);
                    // Named, not matched by substring: a random incident id may well contain "99".
                    assertThat(response.status()).as(path).isEqualTo(missing.contains(path) ? 404 : 200);
                    PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", name);
                    if (response.status() == 404) {
                        PlaywrightAssertions.assertThat(page.locator("form[role=search] input[name=q]")).isVisible();
                    }
                    assertAccessible(page, screenshots.resolve(name + path.replaceAll("[^a-z0-9]+", "-") + ".png"));
                }
                for (String path : List.of("/", "/departements/14/imprimer")) {
                    if (!language.isEmpty()) {
                        page.navigate(site + language + path);
                        assertAccessible(page, screenshots.resolve("en" + path.replaceAll("[^a-z0-9]+", "-") + ".png"));
                    }
                }
            }
        }
    }

    /**
     * A department page left open on a phone follows the changes (issue #16, point 7): the static script follows the
     * notices stream and replaces the page's live part in place, within the Content-Security-Policy, and says how old
     * the last update is; the page stays accessible after the update.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDepartmentPageLeftOpenShowsANewIncidentWithoutBeingReloaded() throws Exception {
        String site = stack.service("dissemination-service").url();
        Path screenshots = Path.of(System.getProperty("tocsin.browser.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                    .setLocale("fr-FR"));
            Page page = phone.newPage();
            List<String> blocked = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onConsoleMessage(message -> {
                if (message.text().contains("Content Security Policy")) {
                    blocked.add(message.text());
                }
            });
            page.navigate(site + "/departements/07");
            // Visible once the stream answered: from then on, changes arrive.
            PlaywrightAssertions.assertThat(page.locator("[data-tocsin-live-note]")).isVisible();
            String loaded = page.evaluate("() => window.performance.timeOrigin").toString();

            String title = "Le 112 ne répond plus en Ardèche";
            declare("07", "Préfecture de l’Ardèche", title, "Number 112 is down in Ardèche");
            PlaywrightAssertions.assertThat(page.getByText(title)).isVisible(
                    new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page.evaluate("() => window.performance.timeOrigin").toString())
                    .as("updated in place, not reloaded").isEqualTo(loaded);
            PlaywrightAssertions.assertThat(page.locator("#tocsin-live-status")).hasText("Page mise à jour.");
            PlaywrightAssertions.assertThat(page.locator("[data-tocsin-ago]"))
                    .hasText(java.util.regex.Pattern.compile("\\((maintenant|il y a \\d+ minutes?)\\)"));
            PlaywrightAssertions.assertThat(page.locator("[data-tocsin-live-note]")).isVisible();
            assertAccessible(page, screenshots.resolve("departement-07-updated.png"));
            assertThat(blocked).as("nothing blocked by the Content-Security-Policy").isEmpty();
        }
    }

    /**
     * A citizen without JavaScript subscribes from a department page (issue #20): the form posts to broadcast-service's
     * pages (another origin locally, the same host in production), the code arrives by SMS on the local SMSC, the
     * code page confirms. Every subscription page, in French and English, with its errors, passes the same axe-core
     * check as the public pages (axe-core is itself a script, so the browser keeps JavaScript on; the subscription
     * pages carry none, and their policy allows none), and nothing is blocked by the pages' policy.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aCitizenSubscribesFromADepartmentPageWithoutJavaScriptOnAccessiblePages() throws Exception {
        String site = stack.service("dissemination-service").url();
        String subscriptions = stack.service("broadcast-service").url();
        Path screenshots = Path.of(System.getProperty("tocsin.browser.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                    .setLocale("fr-FR"));
            Page page = phone.newPage();
            List<String> blocked = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onConsoleMessage(message -> {
                if (message.text().contains("Content Security Policy")) {
                    blocked.add(message.text());
                }
            });

            page.navigate(site + "/departements/14");
            var destination = page.getByLabel("Votre numéro de mobile ou votre adresse e-mail");
            PlaywrightAssertions.assertThat(page.getByLabel("Votre commune, votre département ou toute la France"))
                    .hasValue("Calvados (14)");
            // A mistake first: the error page names the field and keeps what was typed.
            destination.fill("08 99 12 34 56");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("M’abonner")).click();
            page.waitForURL(subscriptions + "/abonnement");
            PlaywrightAssertions.assertThat(page.locator("#destination-error")).isVisible();
            PlaywrightAssertions.assertThat(page).hasTitle(java.util.regex.Pattern.compile("^Le formulaire contient une erreur"));
            assertAccessible(page, screenshots.resolve("abonnement-erreur.png"));

            page.getByLabel("Votre numéro de mobile ou votre adresse e-mail").fill("06 39 98 04 01");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("M’abonner")).click();
            page.waitForURL(java.util.regex.Pattern.compile(".*/abonnement/code\\?id=.*"));
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Confirmez avec le code reçu par SMS");
            assertAccessible(page, screenshots.resolve("abonnement-code.png"));
            String text = await().atMost(Duration.ofSeconds(30)).until(() -> stack.smsc().messagesTo("33639980401"),
                    list -> !list.isEmpty()).getFirst().text();
            java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(text);
            assertThat(code.find()).as(text).isTrue();
            page.getByLabel("Code reçu par SMS").fill(code.group(1));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirmer")).click();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Abonnement confirmé");
            assertAccessible(page, screenshots.resolve("abonnement-confirme.png"));

            // Every other subscription page, in both languages.
            for (String language : List.of("", "/en")) {
                String name = language.isEmpty() ? "fr" : "en";
                for (String path : List.of("/abonnement?territory=Calvados%20(14)", "/abonnement/courriel-envoye",
                        "/abonnement/gerer", "/abonnement/donnees-personnelles", "/abonnement/confirmation?token=x",
                        "/abonnement/desabonnement?token=" + "a".repeat(43))) {
                    var response = page.navigate(subscriptions + language + path);
                    assertThat(response.status()).as(path).isEqualTo(path.endsWith("token=x") ? 404 : 200);
                    PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", name);
                    assertAccessible(page, screenshots.resolve("abonnement-" + name + path.replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("-+$", "") + ".png"));
                }
            }
            // The management form, then its "link sent" page.
            page.navigate(subscriptions + "/en/abonnement/gerer");
            page.getByLabel("Your mobile number or your e-mail address").fill("06 39 98 04 01");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send me the link")).click();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Link sent");
            assertAccessible(page, screenshots.resolve("abonnement-en-lien-envoye.png"));
            // The link's text (an alert of a Calvados incident another test left live may come between: a confirmed
            // subscriber is told of what is live).
            String link = await().atMost(Duration.ofSeconds(30)).until(() -> stack.smsc().messagesTo("33639980401")
                            .stream().filter(m -> m.text().contains("/en/abonnement/mes-abonnements?token=")).toList(),
                    list -> list.size() == 1).getFirst().text()
                    .replaceAll(".*(/en/abonnement/mes-abonnements\\?token=[A-Za-z0-9_-]+).*", "$1");
            page.navigate(subscriptions + link);
            PlaywrightAssertions.assertThat(page.getByText("Calvados (14)").first()).isVisible();
            assertAccessible(page, screenshots.resolve("abonnement-en-mes-abonnements.png"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete all")).click();
            PlaywrightAssertions.assertThat(page.getByText("No subscription for this number or address.")).isVisible();
            assertThat(blocked).as("nothing blocked by the Content-Security-Policy").isEmpty();
        }
    }

    /** No serious or critical violation of the WCAG 2.1 AA rules axe-core checks; the screenshot is kept. */
    private static void assertAccessible(Page page, Path screenshot) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshot).setFullPage(true));
        AxeResults results = new AxeBuilder(page).withTags(WCAG_21_AA).analyze();
        List<String> blocking = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(PublicPagesBrowserIT::describe)
                .toList();
        assertThat(blocking).as("axe-core serious/critical violations on " + page.url()).isEmpty();
        assertThat(results.getPasses()).as("axe-core ran its rules on " + page.url()).isNotEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " — "
                + rule.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget())).toList();
    }

    private static Path chromium() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "Chromium is missing: ./tocsin test installs it (tools/system-packages.sh chromium)"));
    }

    /** The new incident's id. */
    private static String declareInCalvados(String title) throws Exception {
        return declare("14", "Préfecture du Calvados", title, "Numbers 15 and 18 are down in Calvados");
    }

    private static String declare(String department, String authority, String title, String english) throws Exception {
        String token = JwtKeys.loadOrCreate(stack.keysDirectory()).token("prefet-" + department, "Préfète", "prefecture",
                List.of("department:" + department), authority, Duration.ofMinutes(5));
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.service("incident-service").url() + "/api/v1/incidents"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"title": {"fr": "%s", "en": "%s"},
                         "description": {"fr": "Une panne d’opérateur empêche de joindre le SAMU et les pompiers."},
                         "instructions": {"fr": "Appelez les numéros de secours affichés sur cette page."},
                         "services": ["15", "18"],
                         "territories": ["department:%s"]}
                        """.formatted(title, english, department))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(declared.body());
        assertThat(id.find()).as(declared.body()).isTrue();
        return id.group(1);
    }
}
