package fr.tocsin.dissemination.pages;

import fr.tocsin.dissemination.rendering.Rendered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The static files of the public pages — the DSFR (copied from npm by the build) and Tocsin's own styles —
 * under URLs that change whenever their content does, so browsers and CDNs may keep them for a year.
 * The DSFR is versioned by its release ({@code /static/dsfr-1.15.3/...}); its stylesheets reference fonts and
 * icons by relative URLs, which therefore stay inside the same versioned tree. Tocsin's own files are
 * versioned by a hash of their content.
 */
@ApplicationScoped
@Named("assets")
public class PublicAssets {

    private static final String ROOT = "public-assets/";
    private static final List<String> OWN_FILES = List.of("tocsin.css", "widget.css", "live.js");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*(?:/[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "svg", "image/svg+xml",
            "woff2", "font/woff2",
            "woff", "font/woff",
            "png", "image/png",
            "ico", "image/x-icon");

    private final String dsfrBundle;
    private final String ownBundle;
    private final List<String> stylesheets;
    /** Files found, loaded once. Only hits: a miss is never stored, or any URL under a bundle would grow the map. */
    private final Map<String, Rendered> loaded = new ConcurrentHashMap<>();

    public PublicAssets() {
        dsfrBundle = "dsfr-" + text("dsfr/version.txt").strip();
        ownBundle = "tocsin-" + ownHash();
        stylesheets = text("dsfr/stylesheets.txt").lines().filter(line -> !line.isBlank())
                .map(path -> "/static/" + dsfrBundle + "/" + path).toList();
    }

    /** The DSFR stylesheets in cascade order, then Tocsin's. */
    public List<String> stylesheets() {
        return java.util.stream.Stream.concat(stylesheets.stream(), java.util.stream.Stream.of(own("tocsin.css"))).toList();
    }

    public String dsfr(String path) {
        return "/static/" + dsfrBundle + "/" + path;
    }

    public String own(String file) {
        return "/static/" + ownBundle + "/" + file;
    }

    /** The file of a versioned URL; empty for another version (a URL must never name two contents). */
    public Optional<Rendered> find(String bundle, String path) {
        String directory = bundle.equals(dsfrBundle) ? "dsfr/" : bundle.equals(ownBundle) ? "tocsin/" : null;
        if (directory == null || !SAFE_PATH.matcher(path).matches() || path.endsWith(".txt")) {
            return Optional.empty();
        }
        String key = directory + path;
        Rendered cached = loaded.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Rendered> found = load(key);
        found.ifPresent(asset -> loaded.putIfAbsent(key, asset));
        return found;
    }

    /** How many files are held in memory: bounded by the files the build packaged, whatever is requested. */
    public int cachedCount() {
        return loaded.size();
    }

    private Optional<Rendered> load(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        byte[] bytes = bytes(path);
        if (bytes == null) {
            return Optional.empty();
        }
        boolean compressible = type.startsWith("text/") || type.equals("image/svg+xml");
        return Optional.of(Rendered.of(bytes, type, compressible, -1));
    }

    private String ownHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : OWN_FILES) {
                digest.update(bytes("tocsin/" + file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String path) {
        byte[] bytes = bytes(path);
        if (bytes == null) {
            throw new IllegalStateException("Missing " + ROOT + path + ": the build copies it (src/main/frontend)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
