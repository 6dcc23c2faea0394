package fr.tocsin.incident.rest.problem;

/** A change sent without If-Match: it could silently overwrite someone else's (RFC 6585, 428). */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException() {
        super("En-tête If-Match obligatoire / If-Match header required: send the ETag of the version you are changing");
    }
}
