package fr.tocsin.localstack;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local stack's OpenID Connect provider, a real one that needs no Docker: navikt's mock-oauth2-server
 * (authorization code flow, discovery, JWKS, end session) with an interactive login page where a developer picks a
 * person — role, territories, authority — or writes the claims. ProConnect or Keycloak play this part in production.
 *
 * <p>It signs with the stack's key pair ({@link JwtKeys}, the one {@code ./tocsin token} signs with) and names the
 * same issuer ({@link JwtKeys#ISSUER}) in its tokens, so the services trust its tokens and the script's alike
 * through the key and issuer they already verify; its JWKS ({@link #jwksUrl()}) serves that key. Its access tokens
 * carry the claims the services read (contracts {@code Actor}): {@code groups}, {@code tocsin_territories},
 * {@code tocsin_authority}, {@code name}, and the four APIs as audiences.
 */
public final class LocalIssuer implements AutoCloseable {

    /** The issuer id in the provider's URLs: discovery at {@code /tocsin/.well-known/openid-configuration}. */
    public static final String ISSUER_ID = "tocsin";
    /** The console's client id; the provider accepts any secret (a local stand-in, no secret to keep). */
    public static final String CONSOLE_CLIENT_ID = "tocsin-console";
    /** Preferred port; any free one when taken. */
    public static final int PORT = 8090;

    private final MockOAuth2Server server;
    private final int port;

    private LocalIssuer(MockOAuth2Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port 0 for any free port */
    public static LocalIssuer start(int port, JwtKeys keys, Path workDirectory) {
        int chosen = port == 0 ? Ports.freePort() : port;
        RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.publicKey())
                .privateKey((RSAPrivateKey) keys.keyPair().getPrivate()).keyID(ISSUER_ID).build();
        OAuth2Config config = new OAuth2Config(true, loginPage(workDirectory).toString(), null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(key), "RS256")),
                Set.of(new ClaimsCallback()), new MockWebServerWrapper());
        MockOAuth2Server server = new MockOAuth2Server(config);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), chosen);
        } catch (IOException | RuntimeException e) {
            throw new StackException("Cannot start the OIDC provider on port " + chosen + ": " + e.getMessage(), e);
        }
        return new LocalIssuer(server, chosen);
    }

    public int port() {
        return port;
    }

    /** The provider's base URL for OIDC clients ({@code quarkus.oidc.auth-server-url}): discovery lives under it. */
    public String url() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    /** Where its public key is served (JWKS): what production's services read ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}). */
    public String jwksUrl() {
        return url() + "/jwks";
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** The login page (a static file the provider serves at the authorization endpoint), copied out of the jar. */
    private static Path loginPage(Path workDirectory) {
        try (InputStream page = LocalIssuer.class.getResourceAsStream("/issuer/login.html")) {
            Files.createDirectories(workDirectory);
            Path file = workDirectory.resolve("issuer-login.html");
            Files.write(file, page.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What every token of the issuer carries beyond the person's own claims (which the login form posts and the
     * provider adds on top): the stack's issuer name and, in access tokens, the four APIs as audiences. ID tokens
     * name the client that asked (the provider's default).
     */
    static final class ClaimsCallback implements OAuth2TokenCallback {

        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest tokenRequest) {
            return "anonymous";
        }

        @Override
        public String typeHeader(TokenRequest tokenRequest) {
            return JOSEObjectType.JWT.getType();
        }

        @Override
        public List<String> audience(TokenRequest tokenRequest) {
            List<String> audiences = new ArrayList<>(JwtKeys.AUDIENCES);
            audiences.add(CONSOLE_CLIENT_ID);
            return audiences;
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest tokenRequest) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", JwtKeys.ISSUER);
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }
}
