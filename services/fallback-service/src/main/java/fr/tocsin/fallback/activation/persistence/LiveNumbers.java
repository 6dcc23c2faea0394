package fr.tocsin.fallback.activation.persistence;

import fr.tocsin.contracts.fallback.LiveNumber;

import java.time.Instant;
import java.util.List;

/**
 * The live numbers of one territory at a version: what its citizens should call now (or then, read from the
 * history). The same territory, version and numbers as the {@code LiveNumbersEvent} that announced them.
 */
public record LiveNumbers(String territory, long version, List<LiveNumber> numbers, Instant changedAt) {
}
