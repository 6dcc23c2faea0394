package fr.tocsin.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local OIDC provider signs in a person picked on its login page (authorization code flow) and issues tokens the
 * services trust as they trust {@code ./tocsin token}'s: signed with the stack's key, naming the stack's issuer, with
 * the person's role, territories and authority and the four APIs as audiences. Its JWKS serves that key.
 */
class LocalIssuerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aPersonPickedOnTheLoginPageGetsATokenTheServicesTrust(@TempDir Path home) throws Exception {
        JwtKeys keys = JwtKeys.generate();
        try (LocalIssuer issuer = LocalIssuer.start(0, keys, home)) {
            String redirect = "http://127.0.0.1:9/callback";
            URI authorize = URI.create(issuer.url() + "/authorize?client_id=" + LocalIssuer.CONSOLE_CLIENT_ID
                    + "&response_type=code&scope=openid&state=s1&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.body()).contains("Agent A — Préfecture du Nord").contains("Maire de Caen");

            HttpResponse<String> back = http.send(post(authorize, Map.of("username", "agent-a-nord", "claims",
                    "{\"name\": \"Agent A\", \"groups\": [\"prefecture\"], \"tocsin_territories\": [\"department:59\"], "
                            + "\"tocsin_authority\": \"Préfecture du Nord\"}")), HttpResponse.BodyHandlers.ofString());
            assertThat(back.statusCode()).isEqualTo(302);
            String location = back.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(redirect).contains("state=s1");
            String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

            HttpResponse<String> tokens = http.send(post(URI.create(issuer.url() + "/token"), Map.of(
                    "grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                    "client_id", LocalIssuer.CONSOLE_CLIENT_ID, "client_secret", "any")), HttpResponse.BodyHandlers.ofString());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String accessToken = JSON.readTree(tokens.body()).get("access_token").asText();

            assertThat(verifies(accessToken, keys)).as("signed with the stack's key").isTrue();
            JsonNode claims = payload(accessToken);
            assertThat(claims.get("iss").asText()).isEqualTo(JwtKeys.ISSUER);
            assertThat(claims.get("sub").asText()).isEqualTo("agent-a-nord");
            assertThat(claims.get("groups").get(0).asText()).isEqualTo("prefecture");
            assertThat(claims.get("tocsin_territories").get(0).asText()).isEqualTo("department:59");
            assertThat(claims.get("tocsin_authority").asText()).isEqualTo("Préfecture du Nord");
            assertThat(claims.get("aud").toString()).contains(JwtKeys.INCIDENT_API, JwtKeys.FALLBACK_API,
                    JwtKeys.DISSEMINATION_API, JwtKeys.BROADCAST_API);

            // Its JWKS is the stack's public key.
            JsonNode jwks = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(issuer.jwksUrl())).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String modulus = jwks.get("keys").get(0).get("n").asText();
            assertThat(new java.math.BigInteger(1, Base64.getUrlDecoder().decode(modulus)))
                    .isEqualTo(((RSAPublicKey) keys.publicKey()).getModulus());
        }
    }

    private static HttpRequest post(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static boolean verifies(String jwt, JwtKeys keys) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
