package fr.tocsin.incident.lifecycle;

import fr.tocsin.kit.problem.KitProblemException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** If-Match named another version than the current one: somebody changed the incident meanwhile (412). */
public class StaleVersionException extends KitProblemException {

    private final long currentVersion;

    public StaleVersionException(long expected, long currentVersion) {
        super(412, URI.create("https://tocsin.fr/problems/stale-version"), "Version périmée / Stale version",
                "L'incident a changé / the incident changed: If-Match names version " + expected
                        + ", the current version is " + currentVersion, List.of());
        this.currentVersion = currentVersion;
    }

    /** The current version's ETag, so the client can re-read and retry (none when the version is unknown). */
    @Override
    public Map<String, String> headers() {
        return currentVersion < 0 ? Map.of() : Map.of("ETag", "\"" + currentVersion + "\"");
    }

    public long currentVersion() {
        return currentVersion;
    }
}
