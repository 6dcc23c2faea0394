package fr.tocsin.fallback.directory;

import java.util.Collection;
import java.util.List;

/**
 * The directory changed in these territories (a number created, edited, moved, deleted, published or withdrawn).
 * Fired synchronously, inside the change's transaction: activation recomputes what is live there before it commits.
 */
public record DirectoryChanged(Collection<String> territories) {

    public DirectoryChanged {
        territories = List.copyOf(territories);
    }
}
