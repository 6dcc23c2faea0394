package fr.tocsin.pagekit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A static file of the pages read from the classpath, with its content type, its gzip form (null when compressing
 * would not pay) and its ETag, made once when it is read; only the kinds of file a page links (styles, scripts,
 * fonts, images), under a plain relative path, so a request can never name another resource.
 */
public record ClasspathFile(byte[] bytes, byte[] gzip, String etag, String contentType) {

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*(?:/[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "svg", "image/svg+xml",
            "woff2", "font/woff2",
            "woff", "font/woff",
            "png", "image/png",
            "ico", "image/x-icon");

    /** The file at {@code path} under {@code root}; empty for an unsafe path, an unknown kind or a missing file. */
    public static Optional<ClasspathFile> read(String root, String path) {
        if (path == null || !SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        byte[] bytes = type == null ? null : bytes(root + path);
        return bytes == null ? Optional.empty()
                : Optional.of(new ClasspathFile(bytes, compressible(type) ? Bodies.gzip(bytes) : null, Bodies.etag(bytes), type));
    }

    /** Text and SVG gain from compression; fonts and PNG are compressed already. */
    static boolean compressible(String contentType) {
        return contentType.startsWith("text/") || contentType.equals("image/svg+xml");
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
