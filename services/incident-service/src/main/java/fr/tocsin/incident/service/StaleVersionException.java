package fr.tocsin.incident.service;

/** If-Match named another version than the current one: somebody changed the incident meanwhile (412). */
public class StaleVersionException extends RuntimeException {

    private final long currentVersion;

    public StaleVersionException(long expected, long currentVersion) {
        super("L'incident a changé / the incident changed: If-Match names version " + expected
                + ", the current version is " + currentVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
