package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.networks.ChannelAdapter;

import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What may be stored, logged or shown of a delivery error: URLs cut to their scheme and host (a path can carry a
 * token, as Telegram's {@code /bot<token>/} does), Authorization values and the account's own secrets removed.
 * The adapters already build their messages without them; this is the net under every stored or logged message.
 */
public final class Redaction {

    /** Scheme and host kept; user-info, path, query and fragment dropped. */
    private static final Pattern URL = Pattern.compile("(?i)\\b(https?://)(?:[^/\\s?#@\"'<>]*@)?([^/\\s?#\"'<>]+)[^\\s\"'<>]*");
    private static final Pattern TELEGRAM_PATH = Pattern.compile("/bot[^/\\s]+");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)\\b(access_token|refresh_token|client_secret|password|token|secret)=[^&\\s\"']+");
    /** Shorter values would match ordinary words; real secrets are longer. */
    private static final int MIN_SECRET_LENGTH = 8;

    private Redaction() {
    }

    public static String redact(String message, ChannelAdapter.Credentials credentials) {
        if (message == null) {
            return null;
        }
        String safe = message;
        if (credentials != null) {
            ChannelAdapter.OAuthRefresh oauth = credentials.oauth();
            for (String secret : Stream.of(credentials.token(), credentials.password(), credentials.secret(),
                    oauth == null ? null : oauth.refreshToken(), oauth == null ? null : oauth.clientSecret()).toList()) {
                if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                    safe = safe.replace(secret, "[redacted]");
                }
            }
        }
        return redact(safe);
    }

    /** Without the account's secrets at hand (errors stored before this rule, say): the patterns only. */
    public static String redact(String message) {
        if (message == null) {
            return null;
        }
        String safe = URL.matcher(message).replaceAll("$1$2");
        safe = TELEGRAM_PATH.matcher(safe).replaceAll("/bot[redacted]");
        safe = AUTHORIZATION.matcher(safe).replaceAll("$1 [redacted]");
        return QUERY_SECRET.matcher(safe).replaceAll("$1=[redacted]");
    }
}
