package fr.tocsin.console.apis;

import fr.tocsin.contracts.problem.Problem;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.util.List;
import java.util.function.Supplier;

/**
 * One way to call a service's API for the person signed in (the REST clients carry their own token): its answer,
 * or its refusal as a {@link Refusal} with the problem+json's title, detail and fields, which the pages show as they
 * are (403, 404, 412, 400 naming the field…); no answer at all is a 503 to try again.
 */
public final class Apis {

    private Apis() {
    }

    public static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            Problem problem = null;
            try {
                problem = e.getResponse().readEntity(Problem.class);
            } catch (RuntimeException unreadable) {
                // no problem+json body: the status says enough
            }
            int status = e.getResponse().getStatus();
            List<String> fields = problem == null || problem.errors() == null ? List.of()
                    : problem.errors().stream().map(f -> f.field() + " : " + f.message()).toList();
            throw new Refusal(status, problem == null || problem.title() == null ? "Refusé (" + status + ")" : problem.title(),
                    problem == null ? null : problem.detail(), fields, null, null);
        } catch (ProcessingException e) {
            throw new Refusal(503, "Service indisponible", "Le service n’a pas répondu ; réessayez dans un instant.",
                    List.of(), null, null);
        }
    }

    /** A call that answers nothing (204). */
    public static void run(Runnable request) {
        call(() -> {
            request.run();
            return null;
        });
    }
}
