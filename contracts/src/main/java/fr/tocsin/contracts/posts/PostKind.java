package fr.tocsin.contracts.posts;

/** What a post about an incident says: it was declared (or planned works announced), it changed, it ended. */
public enum PostKind {
    DECLARED, UPDATED, ENDED
}
