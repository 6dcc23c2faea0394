package fr.tocsin.dissemination.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

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
        return new Rendered(body, compress ? gzip(body) : null, etag(body), contentType, boardVersion);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
