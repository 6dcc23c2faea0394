package fr.tocsin.console.signin.client;

import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Token propagation: every call to a service's API carries the signed-in person's own access token, the one the
 * authorization code flow gave them (quarkus-oidc keeps it in the session), and nothing else. With no person signed
 * in there is no token, and the call is not made. (quarkus-rest-client-oidc-token-propagation does the same; its
 * artifacts are missing from the Maven mirror the project builds from.)
 */
@ApplicationScoped
public class PersonsAccessToken implements ClientRequestFilter {

    @Inject
    AccessTokenCredential accessToken;

    @Override
    public void filter(ClientRequestContext request) {
        String token = accessToken == null ? null : accessToken.getToken();
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("No signed-in person: the console makes no call of its own");
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
}
