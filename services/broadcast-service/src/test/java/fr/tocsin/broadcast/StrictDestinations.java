package fr.tocsin.broadcast;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The production rule for destinations (https only, public addresses only), which the test profile relaxes. */
public class StrictDestinations implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tocsin.social.allow-insecure-destinations", "false");
    }
}
