package fr.tocsin.dissemination.rendering;

import fr.tocsin.pagekit.Bodies;

import java.nio.charset.StandardCharsets;

/**
 * A response body rendered once per change and served from memory, with its gzip form and a strong ETag
 * derived from the bytes (the same on every instance, so caches and clients can revalidate anywhere).
 */
public record Rendered(byte[] body, byte[] gzip, String etag, String contentType, long boardVersion) {

    public static Rendered of(String text, String contentType, long boardVersion) {
        return of(text.getBytes(StandardCharsets.UTF_8), contentType, true, boardVersion);
    }

    /** {@code gzip} is null when compressing would not pay (fonts and images are compressed already). */
    public static Rendered of(byte[] body, String contentType, boolean compress, long boardVersion) {
        return new Rendered(body, compress ? Bodies.gzip(body) : null, Bodies.etag(body), contentType, boardVersion);
    }
}
