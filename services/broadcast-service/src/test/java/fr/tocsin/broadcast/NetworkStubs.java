package fr.tocsin.broadcast;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks' APIs, stood in for by one WireMock server started before the service: the API hosts are fixed by
 * configuration (the service never takes them from an account), so the test configuration points them, and the
 * Mastodon instances and Bluesky PDS of the test credentials, at it. Each Mastodon "instance" is a path prefix
 * ({@code /m48}), with its own credentials {@code test-mastodon-m48}.
 */
public class NetworkStubs implements QuarkusTestResourceLifecycleManager {

    /** The Mastodon instances the tests post to, each a path prefix of the stub. */
    static final List<String> MASTODON_INSTANCES = List.of("m48", "m12", "m15", "m23", "m21", "m24", "m25", "m26",
            "m27", "m28", "m29", "m16", "m19", "mfr", "m49", "m53");

    private static volatile WireMockServer server;

    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        String base = server.baseUrl();
        Map<String, String> config = new HashMap<>();
        config.put("tocsin.social.endpoints.x", base);
        config.put("tocsin.social.endpoints.telegram", base);
        config.put("tocsin.social.endpoints.facebook", base);
        config.put("tocsin.social.credentials.test-mastodon.instance", base);
        config.put("tocsin.social.credentials.test-bluesky.pds", base);
        config.put("tocsin.social.credentials.test-bluesky-48.pds", base);
        for (String instance : MASTODON_INSTANCES) {
            config.put("tocsin.social.credentials.test-mastodon-" + instance + ".token", "mastodon-test-token");
            config.put("tocsin.social.credentials.test-mastodon-" + instance + ".instance", base + "/" + instance);
        }
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
