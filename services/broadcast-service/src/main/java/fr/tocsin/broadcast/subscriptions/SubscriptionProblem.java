package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.kit.problem.KitProblemException;

import java.net.URI;
import java.util.List;

/** Refusals of the subscription API that are not plain validation errors: limits, an unavailable channel. */
public class SubscriptionProblem extends KitProblemException {

    static final URI LIMITED = URI.create("https://tocsin.fr/problems/subscription-limit");
    static final URI UNAVAILABLE = URI.create("https://tocsin.fr/problems/channel-unavailable");

    private SubscriptionProblem(int status, URI type, String title, String field, String detail) {
        super(status, type, title, detail, field == null ? List.of() : List.of(new Problem.FieldError(field, detail)));
    }

    /** 429 naming the field whose value hit the limit (the destination), or none for a per-address limit. */
    static SubscriptionProblem limited(String field, String detail) {
        return new SubscriptionProblem(429, LIMITED, "Trop de demandes / Too many requests", field, detail);
    }

    /** 503: the SMSC or SMTP relay did not take the confirmation; nothing was sent, ask again later. */
    static SubscriptionProblem unavailable(String field, String detail) {
        return new SubscriptionProblem(503, UNAVAILABLE, "Envoi impossible pour l’instant / Cannot send for now", field,
                detail);
    }
}
