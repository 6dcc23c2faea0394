package fr.tocsin.dissemination.pages;

import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.pagekit.ClasspathFile;
import fr.tocsin.pagekit.DsfrFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The static files of the public pages — the DSFR (page-kit's {@link DsfrFiles}) and Tocsin's own styles —
 * under URLs that change whenever their content does, so browsers and CDNs may keep them for a year.
 * The DSFR is versioned by its release ({@code /static/dsfr-1.15.3/...}); its stylesheets reference fonts and
 * icons by relative URLs, which therefore stay inside the same versioned tree. Tocsin's own files are
 * versioned by a hash of their content.
 */
@ApplicationScoped
@Named("assets")
public class PublicAssets {

    private static final String OWN_ROOT = "public-assets/tocsin/";
    private static final List<String> OWN_FILES = List.of("tocsin.css", "widget.css", "live.js");

    private final String dsfrBundle;
    private final String ownBundle;
    /** Files found, loaded once. Only hits: a miss is never stored, or any URL under a bundle would grow the map. */
    private final Map<String, Rendered> loaded = new ConcurrentHashMap<>();

    public PublicAssets() {
        dsfrBundle = "dsfr-" + DsfrFiles.version();
        ownBundle = "tocsin-" + ownHash();
    }

    /** The DSFR stylesheets in cascade order, then Tocsin's. */
    public List<String> stylesheets() {
        return Stream.concat(DsfrFiles.stylesheets().stream().map(this::dsfr), Stream.of(own("tocsin.css"))).toList();
    }

    public String dsfr(String path) {
        return "/static/" + dsfrBundle + "/" + path;
    }

    public String own(String file) {
        return "/static/" + ownBundle + "/" + file;
    }

    /** The file of a versioned URL; empty for another version (a URL must never name two contents). */
    public Optional<Rendered> find(String bundle, String path) {
        boolean dsfr = bundle.equals(dsfrBundle);
        if (!dsfr && !bundle.equals(ownBundle)) {
            return Optional.empty();
        }
        String key = bundle + "/" + path;
        Rendered cached = loaded.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Rendered> found = (dsfr ? DsfrFiles.find(path) : ClasspathFile.read(OWN_ROOT, path))
                .map(file -> new Rendered(file.bytes(), file.gzip(), file.etag(), file.contentType(), -1));
        found.ifPresent(asset -> loaded.putIfAbsent(key, asset));
        return found;
    }

    /** How many files are held in memory: bounded by the files the build packaged, whatever is requested. */
    public int cachedCount() {
        return loaded.size();
    }

    private String ownHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : OWN_FILES) {
                digest.update(ClasspathFile.read(OWN_ROOT, file).orElseThrow(
                        () -> new IllegalStateException("Missing " + OWN_ROOT + file)).bytes());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
