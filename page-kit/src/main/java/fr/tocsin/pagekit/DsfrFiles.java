package fr.tocsin.pagekit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DSFR files this kit's jar carries ({@code page-kit/dsfr/}, copied by its build from the npm package pinned in
 * {@code page-kit/src/main/frontend}): the stylesheets in cascade order, their fonts and icons, the favicons. Every
 * service links the same release; each serves it at its own URL ({@link DsfrRoute}, or its own resource).
 */
public final class DsfrFiles {

    private static final String ROOT = "page-kit/dsfr/";
    private static final String VERSION = text("version.txt").strip();
    private static final List<String> STYLESHEETS = text("stylesheets.txt").lines().map(String::strip)
            .filter(line -> !line.isEmpty()).toList();
    /** Files found, loaded once. Only hits: a miss is never stored, or any URL would grow the map. */
    private static final Map<String, ClasspathFile> LOADED = new ConcurrentHashMap<>();

    private DsfrFiles() {
    }

    /** The DSFR release, e.g. "1.15.3". */
    public static String version() {
        return VERSION;
    }

    /** The stylesheets the pages link, relative to the DSFR root, in cascade order. */
    public static List<String> stylesheets() {
        return STYLESHEETS;
    }

    /** A DSFR file by its path under the root ("core/core.min.css"); the build's lists are not served. */
    public static Optional<ClasspathFile> find(String path) {
        if (path == null || path.endsWith(".txt")) {
            return Optional.empty();
        }
        ClasspathFile cached = LOADED.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ClasspathFile> found = ClasspathFile.read(ROOT, path);
        found.ifPresent(file -> LOADED.putIfAbsent(path, file));
        return found;
    }

    /** How many files are held in memory: bounded by the files the build packaged, whatever is requested. */
    public static int cachedCount() {
        return LOADED.size();
    }

    private static String text(String file) {
        byte[] bytes = ClasspathFile.bytes(ROOT + file);
        if (bytes == null) {
            throw new IllegalStateException("Missing " + ROOT + file + ": page-kit's build copies the DSFR (src/main/frontend)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
