package fr.tocsin.e2e;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #21: a prefecture's crisis cell in the console, in Debian's Chromium, signing in at the local OIDC provider
 * (its login page: pick a person). Agent A of the prefecture of Nord declares "emergency numbers unreachable" from the
 * template and sees the preview; A cannot approve A's own draft, an operator cannot approve it; agent B approves it;
 * the public department page shows the live numbers; A updates the text (a change B approves, seeing the
 * difference), meets B's concurrent change as a conflict, then resolves; the public page shows the end. A mayor of
 * Caen sees and acts only on Caen. An operator, or A on A's own draft, who posts the approve form by hand is refused
 * and the draft stays a draft. A prefecture manages its standby numbers (add, edit, retire, a CSV import refused line by
 * line, what was live at a given time), reads the deliveries of its incident and its audit trail; the ministry
 * verifies the chain. Every console page passes axe-core (WCAG 2.1 A/AA, no serious or critical
 * violation); a screenshot of each step goes to target/screenshots/console-*.png.
 */
class ConsoleBrowserIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalStack stack;
    static String console;
    static String site;
    static Path screenshots;

    @BeforeAll
    static void startStack() throws Exception {
        stack = E2eStack.get();
        assertThat(stack.loadDemoNumbers()).startsWith("Demo standby numbers loaded");
        console = E2eStack.console().url();
        site = stack.service("dissemination-service").url();
        screenshots = Path.of(System.getProperty("tocsin.browser.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aCrisisCellDeclaresApprovesUpdatesAndResolvesAnOutageInTheConsole() throws Exception {
        String title = "Numéros d’urgence injoignables dans le Nord " + System.nanoTime();
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            Page a = signIn(browser, "Agent A — Préfecture du Nord");
            PlaywrightAssertions.assertThat(a.locator("h1")).hasText("Accueil");
            assertAccessible(a, "console-01-a-accueil");

            // Declare from the template, with a title of this run.
            a.navigate(console + "/declarer");
            assertAccessible(a, "console-02-a-declarer");
            a.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Numéros d’urgence injoignables")).click();
            PlaywrightAssertions.assertThat(a.locator("#territoire")).hasValue("department:59");
            PlaywrightAssertions.assertThat(a.locator("#services")).hasValue("15, 17, 18, 112");
            a.locator("#titre_fr").fill(title);
            // The territory through the search, as a duty officer who does not know its code: the department by its
            // name, chosen among what was found; what was typed stays.
            a.locator("#territoire").fill("");
            a.locator("#recherche_territoire").fill("nord");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chercher").setExact(true)).click();
            PlaywrightAssertions.assertThat(a.locator("#trouves")).containsText("Nord (59) — département");
            PlaywrightAssertions.assertThat(a.locator("#titre_fr")).hasValue(title);
            assertAccessible(a, "console-02b-a-recherche-territoire");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Nord (59) — département")).click();
            PlaywrightAssertions.assertThat(a.locator("#territoire")).hasValue("department:59");
            PlaywrightAssertions.assertThat(a.locator("#titre_fr")).hasValue(title);
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Voir l’aperçu")).click();

            // The preview, in French and English: the page's words with the numbers that go live with it, the SMS
            // with its parts, each network's posts with their lengths, the CAP message (PreviewPageTest checks the texts).
            PlaywrightAssertions.assertThat(a.locator("h1")).hasText("Aperçu avant envoi");
            PlaywrightAssertions.assertThat(a.locator("#apercu-page-fr")).containsText("Nord (59)");
            PlaywrightAssertions.assertThat(a.locator("#apercu-numeros-fr")).containsText("(15) : 0");
            PlaywrightAssertions.assertThat(a.locator("#page-en")).containsText("Nord (59): what to do now");
            PlaywrightAssertions.assertThat(a.locator("#sms-fr")).containsText("Nord : 15 injoignable, appelez le 0");
            PlaywrightAssertions.assertThat(a.locator("#sms-parts-fr")).containsText("SMS, alphabet GSM 7 bits");
            PlaywrightAssertions.assertThat(a.locator("#apercu-fr")).containsText(title);
            PlaywrightAssertions.assertThat(a.locator("#apercu-fr")).containsText("/ 280 caractères");
            PlaywrightAssertions.assertThat(a.locator("#incident-en-Mastodon")).containsText("Mastodon (limite 500 caractères)");
            PlaywrightAssertions.assertThat(a.locator("#cap")).containsText("<msgType>Alert</msgType>");
            PlaywrightAssertions.assertThat(a.locator("#cap")).containsText(title);
            assertAccessible(a, "console-03-a-apercu");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la déclaration")).click();

            // A draft (EXTREME needs a second person), which A cannot approve.
            PlaywrightAssertions.assertThat(a.locator("#fait")).hasText("Déclaration enregistrée.");
            PlaywrightAssertions.assertThat(a.locator("#etat")).hasText("DRAFT");
            PlaywrightAssertions.assertThat(a.locator("#pas-d-approbation")).containsText("Vous l’avez rédigé");
            PlaywrightAssertions.assertThat(a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier"))).hasCount(0);
            assertAccessible(a, "console-04-a-brouillon");
            String incident = a.url().replaceAll(".*/incidents/([0-9a-f-]{36}).*", "$1");
            String draftVersion = a.locator("input[name=version]").first().inputValue();
            // Beyond the missing button: A posts the approve form itself (with A's own CSRF token and the draft's
            // version), as a hand-made form would. The API refuses it, and the draft stays a draft.
            APIResponse ownApproval = postForm(a, "/incidents/" + incident + "/approuver", draftVersion);
            assertThat(ownApproval.status()).as(ownApproval.text()).isBetween(400, 499);
            assertStillADraft(a, incident);

            // An operator cannot approve it: the draft is not even theirs to read.
            Page operator = signIn(browser, "Opérateur — Réseau Télécom Nord");
            operator.navigate(console + "/incidents/" + incident);
            PlaywrightAssertions.assertThat(operator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier"))).hasCount(0);
            assertAccessible(operator, "console-05-operateur-refuse");
            // Nor by posting the approve form itself, with its own session's CSRF token: refused, nothing changes.
            operator.navigate(console + "/declarer");
            APIResponse operatorApproval = postForm(operator, "/incidents/" + incident + "/approuver", draftVersion);
            assertThat(operatorApproval.status()).as(operatorApproval.text()).isBetween(400, 499);
            assertStillADraft(a, incident);

            // Agent B finds it waiting for approval, sees what would go public, approves it.
            Page b = signIn(browser, "Agent B — Préfecture du Nord");
            PlaywrightAssertions.assertThat(b.locator("#a-approuver")).containsText(title);
            b.locator("#a-approuver").getByText(title).click();
            PlaywrightAssertions.assertThat(b.locator("#difference")).containsText(title);
            assertAccessible(b, "console-06-b-a-approuver");
            b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier")).click();
            PlaywrightAssertions.assertThat(b.locator("#fait")).hasText("Approuvé : c’est public.");
            PlaywrightAssertions.assertThat(b.locator("#etat")).hasText("ACTIVE");
            assertAccessible(b, "console-07-b-approuve");

            // The public department page shows it, with the live numbers.
            // The numbers go live once fallback-service has the approved incident: the page shows them a moment later.
            awaitPublic("/departements/59", title, "href=\"tel:+33");
            Page citizen = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
                    .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true).setLocale("fr-FR")).newPage();
            citizen.navigate(site + "/departements/59");
            citizen.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("console-08-public-en-vigueur.png")).setFullPage(true));
            PlaywrightAssertions.assertThat(citizen.getByText(title)).isVisible();
            PlaywrightAssertions.assertThat(citizen.locator("a.tocsin-tel[href^='tel:+33']").first()).isVisible();

            // Where it went: each account and webhook, and the subscribers per channel, as broadcast-service shows
            // them to Nord's prefecture.
            b.navigate(console + "/incidents/" + incident);
            b.locator("#lien-envois").click();
            PlaywrightAssertions.assertThat(b.locator("h1")).hasText("Envois de l’incident");
            PlaywrightAssertions.assertThat(b.locator("#comptes")).isVisible();
            PlaywrightAssertions.assertThat(b.locator("#abonnes")).isVisible();
            assertAccessible(b, "console-08b-b-envois");
            // Which numbers are live in Nord now: the incident's.
            b.navigate(console + "/numeros/en-service?territoire=department:59");
            PlaywrightAssertions.assertThat(b.locator("main table").first()).containsText("incident(s)");
            PlaywrightAssertions.assertThat(b.locator("#aucun-en-service")).hasCount(0);
            assertAccessible(b, "console-08c-b-en-service");

            // A updates the text: a change of an incident that needed approval waits for B.
            a.navigate(console + "/incidents/" + incident);
            a.locator("#message_fr").fill("Le 15 répond de nouveau par intermittence.");
            a.locator("#maj_description_fr").fill("Le 17, le 18 et le 112 ne répondent toujours pas ; le 15 par intermittence.");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publier la mise à jour")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).containsText("en attente de l’approbation");
            PlaywrightAssertions.assertThat(a.locator("#attente")).hasText("Modification en attente d’approbation");
            assertAccessible(a, "console-09-a-mise-a-jour-en-attente");

            // B opens it; meanwhile A edits the pending change again: B's approval, on the version B saw, is a
            // conflict that shows A's change instead of an error.
            b.navigate(console + "/incidents/" + incident);
            PlaywrightAssertions.assertThat(b.locator("#difference")).containsText("le 15 par intermittence");
            a.navigate(console + "/incidents/" + incident);
            a.locator("#message_fr").fill("Précision : le 15 répond une fois sur deux.");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publier la mise à jour")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).containsText("en attente de l’approbation");
            b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier")).click();
            PlaywrightAssertions.assertThat(b.locator("#refus")).containsText("Conflit");
            PlaywrightAssertions.assertThat(b.locator("#changements-concurrents")).containsText("Précision : le 15 répond une fois sur deux.");
            assertAccessible(b, "console-10-b-conflit");
            // Now on the current version, B approves.
            b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier")).click();
            PlaywrightAssertions.assertThat(b.locator("#fait")).hasText("Approuvé : c’est public.");
            awaitPublic("/incidents/" + incident, "le 15 par intermittence");

            // A resolves; B approves the end; the public page shows it.
            a.navigate(console + "/incidents/" + incident);
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Service rétabli : résoudre")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).containsText("en attente de l’approbation");
            b.navigate(console + "/incidents/" + incident);
            b.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approuver et publier")).click();
            PlaywrightAssertions.assertThat(b.locator("#etat")).hasText("RESOLVED");
            awaitPublic("/incidents/" + incident, "Service rétabli");
            citizen.navigate(site + "/incidents/" + incident);
            PlaywrightAssertions.assertThat(citizen.getByText("Service rétabli").first()).isVisible();
            citizen.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("console-11-public-fin.png")).setFullPage(true));

            // Sign-out ends the session: the console asks to sign in again.
            a.navigate(console + "/deconnexion");
            a.waitForURL(console + "/au-revoir**");
            assertAccessible(a, "console-12-au-revoir");
            a.navigate(console + "/");
            PlaywrightAssertions.assertThat(a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Agent A — Préfecture du Nord"))).isVisible();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aMayorOfCaenSeesAndActsOnlyOnCaen() throws Exception {
        String nord = "Panne dans le Nord " + System.nanoTime();
        String nordId = E2eStack.declare("59", "17", nord, "Number 17 is down in Nord");
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            Page mayor = signIn(browser, "Maire de Caen — Mairie de Caen");
            PlaywrightAssertions.assertThat(mayor.locator("main")).not().containsText(nord);
            assertAccessible(mayor, "console-20-maire-accueil");
            // Nord's incident is not theirs to read, let alone change.
            mayor.navigate(console + "/incidents/" + nordId);
            PlaywrightAssertions.assertThat(mayor.locator("h1")).not().hasText(nord);
            PlaywrightAssertions.assertThat(mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publier la mise à jour"))).hasCount(0);
            assertAccessible(mayor, "console-21-maire-nord-refuse");

            // Caen: declared and public at once (a mayor's moderate outage needs no second person).
            mayor.navigate(console + "/declarer?modele=municipal-it-down");
            PlaywrightAssertions.assertThat(mayor.locator("#territoire")).hasValue("commune:14118");
            String caen = "Mairie de Caen sans informatique " + System.nanoTime();
            mayor.locator("#titre_fr").fill(caen);
            mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Voir l’aperçu")).click();
            PlaywrightAssertions.assertThat(mayor.locator("#apercu-page-fr")).containsText("Caen");
            mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la déclaration")).click();
            PlaywrightAssertions.assertThat(mayor.locator("#etat")).hasText("ACTIVE");
            assertAccessible(mayor, "console-22-maire-caen");

            // The search offers the mayor Caen only: Lille is found nowhere of theirs, and the page says so.
            mayor.navigate(console + "/declarer?modele=municipal-it-down");
            mayor.locator("#recherche_territoire").fill("Lille");
            mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chercher").setExact(true)).click();
            PlaywrightAssertions.assertThat(mayor.locator("#recherche-vide")).containsText("n’est dans aucun de vos territoires (Caen)");
            assertAccessible(mayor, "console-22b-maire-recherche-lille");

            // Lille is not Caen: typed by hand anyway, the API refuses, the console says so.
            mayor.navigate(console + "/declarer?modele=municipal-it-down");
            mayor.locator("#territoire").fill("commune:59350");
            mayor.locator("#titre_fr").fill("Mairie de Lille sans informatique");
            mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Voir l’aperçu")).click();
            mayor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la déclaration")).click();
            PlaywrightAssertions.assertThat(mayor.locator("#refus")).isVisible();
            assertAccessible(mayor, "console-23-maire-lille-refuse");
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aPrefectureManagesItsStandbyNumbersAndReadsItsAuditTrail() throws Exception {
        String label = "Numéro de test " + System.nanoTime();
        // An ARCEP fiction number of Nord's area (03 53 01 xx xx), different at each run.
        String number = "03 53 01 " + String.format("%02d %02d", (System.nanoTime() / 100) % 100, System.nanoTime() % 100);
        try (Playwright playwright = Playwright.create();
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(chromium()).setHeadless(true))) {
            Page a = signIn(browser, "Agent A — Préfecture du Nord");
            a.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Numéros de secours")).click();
            PlaywrightAssertions.assertThat(a.locator("#territoire-affiche")).hasText("department:59");
            PlaywrightAssertions.assertThat(a.locator("#service-15")).isVisible();
            assertAccessible(a, "console-30-numeros");

            // Add, edit, retire.
            a.locator("#n-service").fill("17");
            a.locator("#n-priorite").fill("9");
            a.locator("#n-numero").fill(number);
            a.locator("#n-libelle").fill(label);
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ajouter")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).hasText("Numéro ajouté.");
            PlaywrightAssertions.assertThat(a.locator("#service-17")).containsText(label);
            a.locator("#service-17").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                    .setName("Modifier ou retirer le " + number)).click();
            PlaywrightAssertions.assertThat(a.locator("#n-libelle")).hasValue(label);
            assertAccessible(a, "console-31-numero");
            a.locator("#n-libelle").fill(label + " (modifié)");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).hasText("Numéro modifié.");
            PlaywrightAssertions.assertThat(a.locator("#service-17")).containsText(label + " (modifié)");
            a.locator("#service-17").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                    .setName("Modifier ou retirer le " + number)).click();
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retirer ce numéro")).click();
            PlaywrightAssertions.assertThat(a.locator("#fait")).hasText("Numéro retiré de l’annuaire.");
            PlaywrightAssertions.assertThat(a.locator("main")).not().containsText(label);

            // A CSV import with a bad line: each bad line named, and nothing stored (not even the good line).
            a.locator("#csv").fill("territory,service,priority,number,label,notes,authority,verified_on\n"
                    + "department:59,17,9," + number + "," + label + " (import),,,\n"
                    + "department:59,17,9,pas un numéro,Ligne fausse,,,\n");
            a.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Importer")).click();
            PlaywrightAssertions.assertThat(a.locator("#import-erreurs")).containsText("line");
            PlaywrightAssertions.assertThat(a.locator("#service-17")).not().containsText(label + " (import)");
            assertAccessible(a, "console-32-import-refuse");

            // Which numbers were live an hour ago.
            a.navigate(console + "/numeros/en-service?territoire=department:59&a="
                    + java.time.LocalDateTime.now(java.time.ZoneId.of("Europe/Paris")).minusHours(1).withNano(0).withSecond(0));
            PlaywrightAssertions.assertThat(a.locator("#en-service")).containsText("heure de Paris");
            assertAccessible(a, "console-33-en-service-a-une-heure");

            // The audit trail of Nord, with the number just retired; only the ministry verifies the chain.
            a.navigate(console + "/");
            a.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Journal d’audit")).click();
            PlaywrightAssertions.assertThat(a.locator("h1")).hasText("Journal d’audit");
            assertAccessible(a, "console-34-journal");
            a.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Vérifier la chaîne")).click();
            PlaywrightAssertions.assertThat(a.locator("#chaine")).isVisible();
            Page ministry = signIn(browser, "Cellule de crise — Ministère de l’Intérieur");
            ministry.navigate(console + "/journal?verifier=1");
            PlaywrightAssertions.assertThat(ministry.locator("#chaine")).containsText("Chaîne intacte");
            PlaywrightAssertions.assertThat(ministry.locator("#journal")).isVisible();
            assertAccessible(ministry, "console-35-journal-verifie");
        }
    }

    /** Posts an incident form from this page's session, with the CSRF token of a form the page shows. */
    private static APIResponse postForm(Page page, String path, String version) {
        String csrf = page.locator("input[name=csrf-token]").first().inputValue();
        return page.request().post(console + path, RequestOptions.create().setMaxRedirects(0).setForm(FormData.create()
                .set("csrf-token", csrf).set("version", version).set("cle", "direct-" + System.nanoTime())));
    }

    /** The incident is still a draft, as its author sees it: no approval went through. */
    private static void assertStillADraft(Page a, String incident) {
        a.navigate(console + "/incidents/" + incident);
        PlaywrightAssertions.assertThat(a.locator("#etat")).hasText("DRAFT");
        PlaywrightAssertions.assertThat(a.locator("#historique")).not().containsText("ACTIVE");
    }

    /** A new browser context (its own cookies), signed in at the provider's login page as this person. */
    private static Page signIn(Browser browser, String person) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("fr-FR"));
        Page page = context.newPage();
        page.navigate(console + "/");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(person)).click();
        page.waitForURL(console + "/");
        return page;
    }

    private static void awaitPublic(String path, String... texts) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String page = HTTP.send(HttpRequest.newBuilder(URI.create(site + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return java.util.Arrays.stream(texts).allMatch(page::contains);
        });
    }

    /** No serious or critical violation of the WCAG 2.1 A/AA rules axe-core checks; the step's screenshot is kept. */
    private static void assertAccessible(Page page, String step) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(step + ".png")).setFullPage(true));
        AxeResults results = new AxeBuilder(page).withTags(PublicPagesBrowserIT.WCAG_21_AA).analyze();
        List<String> blocking = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " — "
                        + rule.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget())).toList())
                .toList();
        assertThat(blocking).as("axe-core serious/critical violations on " + page.url()).isEmpty();
        assertThat(results.getPasses()).as("axe-core ran its rules on " + page.url()).isNotEmpty();
    }

    private static Path chromium() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException(
                        "Chromium is missing: ./tocsin test installs it (tools/system-packages.sh chromium)"));
    }
}
