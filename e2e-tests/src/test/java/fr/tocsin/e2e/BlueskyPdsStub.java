package fr.tocsin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A Bluesky PDS on the e2e networks' WireMock server, as the AT Protocol answers: createSession; createRecord, the
 * record's key being the request's id (so its listing names it again); listRecords, newest first, every record a
 * createRecord request carried, whether or not its client lived to read the answer (the PDS had committed it). A
 * sender killed mid-post finds its post there, as on Bluesky (docs/SOCIAL.md, "Exactly once, in effect").
 */
final class BlueskyPdsStub implements ResponseDefinitionTransformerV2 {

    static final String DID = "did:plc:e2eprefet60";
    static final String CREATE_RECORD = "/xrpc/com.atproto.repo.createRecord";
    private static final String NAME = "bluesky-pds";
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile WireMockServer server;

    /** Its stubs on {@code server}, which was built with this extension. */
    void serve(WireMockServer server) {
        this.server = server;
        server.stubFor(post("/xrpc/com.atproto.server.createSession").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"did":"%s","handle":"prefet60.bsky.social","accessJwt":"e2e-access","refreshJwt":"e2e-refresh","active":true}"""
                        .formatted(DID))));
        server.stubFor(post(CREATE_RECORD).willReturn(created()));
        server.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.listRecords")).willReturn(aResponse()
                .withTransformers(NAME)));
    }

    /** createRecord's answer: the record's uri and cid, named after the request (a test may delay it). */
    static ResponseDefinitionBuilder created() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"uri":"at://%s/app.bsky.feed.post/{{request.id}}","cid":"bafyrei{{request.id}}"}""".formatted(DID))
                .withTransformers("response-template");
    }

    /** The ledger's id of the post a createRecord request made: "uri cid", as createRecord answered it. */
    static String remoteId(ServeEvent created) {
        return "at://" + DID + "/app.bsky.feed.post/" + created.getId() + " bafyrei" + created.getId();
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
        ArrayNode records = JSON.createArrayNode();
        for (ServeEvent created : server.getAllServeEvents()) { // the journal lists the newest first
            if (!created.getRequest().getMethod().getName().equals("POST")
                    || !created.getRequest().getUrl().equals(CREATE_RECORD)) {
                continue;
            }
            String[] id = remoteId(created).split(" ");
            try {
                records.addObject().put("uri", id[0]).put("cid", id[1])
                        .set("value", JSON.readTree(created.getRequest().getBodyAsString()).path("record"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.createObjectNode().set("records", records).toString()).build();
    }
}
