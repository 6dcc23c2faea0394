package fr.tocsin.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local stand-in for an OIDC issuer: an RSA key pair the services trust, and RS256 tokens signed with it.
 * In production the services verify tokens of a real issuer (ProConnect, Keycloak) by its JWKS URL instead.
 */
public final class JwtKeys {

    public static final String ISSUER = "https://tocsin.local/issuer";

    /**
     * Each API accepts only tokens issued for it ({@code mp.jwt.verify.audiences}), so a token the realm issued to
     * another client is refused. A token of the authorities' console names the four, as the issuer's audience
     * mappers would; an installation may issue narrower ones.
     */
    public static final String INCIDENT_API = "tocsin-incident-api";
    public static final String FALLBACK_API = "tocsin-fallback-api";
    public static final String DISSEMINATION_API = "tocsin-dissemination-api";
    public static final String BROADCAST_API = "tocsin-broadcast-api";
    public static final List<String> AUDIENCES = List.of(INCIDENT_API, FALLBACK_API, DISSEMINATION_API, BROADCAST_API);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private JwtKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static JwtKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new JwtKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the pair from {@code directory}, creating it on first use; the private key stays owner-readable. */
    public static JwtKeys loadOrCreate(Path directory) throws IOException {
        Path privatePem = directory.resolve("jwt-private.pem");
        Path publicPem = directory.resolve("jwt-public.pem");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privatePem) && Files.exists(publicPem)) {
                return new JwtKeys(rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBody(privatePem))),
                        rsa.generatePublic(new X509EncodedKeySpec(pemBody(publicPem))));
            }
        } catch (GeneralSecurityException e) {
            throw new StackException("Unreadable keys in " + directory + ": delete them to get new ones", e);
        }
        JwtKeys keys = generate();
        Files.createDirectories(directory);
        Files.writeString(privatePem, pem("PRIVATE KEY", keys.privateKey.getEncoded()));
        privatePem.toFile().setReadable(false, false);
        privatePem.toFile().setReadable(true, true);
        Files.writeString(publicPem, keys.publicKeyPem());
        return keys;
    }

    public static Path publicKeyFile(Path directory) {
        return directory.resolve("jwt-public.pem");
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The pair itself, for the local OIDC provider ({@link LocalIssuer}), which signs with it too. */
    public KeyPair keyPair() {
        return new KeyPair(publicKey, privateKey);
    }

    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** Just the base64 of the public key, the form {@code mp.jwt.verify.publickey} accepts inline. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /**
     * A token for a person acting for an authority, for the four Tocsin APIs ({@link #AUDIENCES}).
     *
     * @param role        ministry, prefecture, mayor or operator
     * @param territories canonical territory references the person may act on
     */
    public String token(String subject, String name, String role, List<String> territories, String authority,
                        Duration lifetime) {
        return token(subject, name, role, territories, authority, lifetime, AUDIENCES);
    }

    /** The same for the given audiences ({@code aud}); none leaves the claim out. */
    public String token(String subject, String name, String role, List<String> territories, String authority,
                        Duration lifetime, List<String> audiences) {
        Instant now = Instant.now();
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("iss", ISSUER);
        if (!audiences.isEmpty()) {
            claims.put("aud", audiences);
        }
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("name", name);
        claims.put("groups", List.of(role));
        claims.put("tocsin_territories", territories);
        claims.put("tocsin_authority", authority);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Signs any claims as an RS256 JWT; tests use it for expired or odd tokens. */
    public String sign(Map<String, Object> claims) {
        String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = base64Url(json(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(privateKey);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Enough JSON for flat claims: strings, numbers and lists of strings. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JwtKeys::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
