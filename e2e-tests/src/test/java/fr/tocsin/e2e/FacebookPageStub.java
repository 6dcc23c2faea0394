package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Facebook Pages on the e2e networks' WireMock server, as the Graph API answers: a post on {@code /{page}/feed} and a
 * comment on {@code /{post}/comments} get an id named after the request; {@code /{page}/published_posts} and
 * {@code GET /{post}/comments} list, newest first, every post or comment such a request carried, whether or not its
 * client lived to read the answer (Facebook had published it). A sender killed mid-post finds its post there.
 */
final class FacebookPageStub implements ResponseDefinitionTransformerV2 {

    private static final String NAME = "facebook-page";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
            .withZone(ZoneOffset.UTC);

    private volatile WireMockServer server;

    void serve(WireMockServer server) {
        this.server = server;
        server.stubFor(post(urlPathMatching("/[0-9]+/feed")).willReturn(json("""
                {"id":"{{request.pathSegments.[0]}}_{{request.id}}"}""")));
        server.stubFor(post(urlPathMatching("/[0-9]+_[0-9a-f-]+/comments")).willReturn(json("""
                {"id":"{{request.id}}"}""")));
        server.stubFor(get(urlPathMatching("/[0-9]+/published_posts")).willReturn(aResponse().withTransformers(NAME)));
        server.stubFor(get(urlPathMatching("/[0-9]+_[0-9a-f-]+/comments")).willReturn(aResponse().withTransformers(NAME)));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.strip())
                .withTransformers("response-template");
    }

    /** Whether the request published on a Page (a post or a comment). */
    static boolean publishes(ServeEvent event) {
        String path = event.getRequest().getUrl().split("\\?")[0];
        return event.getRequest().getMethod().getName().equals("POST")
                && path.matches("/[0-9]+/feed|/[0-9]+_[0-9a-f-]+/comments");
    }

    /** The id Facebook gave what the request published, as the ledger records it. */
    static String remoteId(ServeEvent published) {
        String[] segments = published.getRequest().getUrl().split("\\?")[0].split("/");
        return segments[2].equals("feed") ? segments[1] + "_" + published.getId() : published.getId().toString();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent listing) {
        String[] segments = listing.getRequest().getUrl().split("\\?")[0].split("/");
        String published = "/" + segments[1] + (segments[2].equals("published_posts") ? "/feed" : "/comments");
        ArrayNode data = JSON.createArrayNode();
        for (ServeEvent event : server.getAllServeEvents()) { // the journal lists the newest first
            if (publishes(event) && event.getRequest().getUrl().split("\\?")[0].equals(published)) {
                data.addObject().put("id", remoteId(event)).put("message", form(event.getRequest().getBodyAsString(), "message"))
                        .put("created_time", GRAPH_TIME.format(event.getRequest().getLoggedDate().toInstant()));
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.set("data", data);
        page.putObject("paging").putObject("cursors").put("before", "e2e").put("after", "e2e"); // no "next": the last
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(page.toString()).build();
    }

    private static String form(String body, String name) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
