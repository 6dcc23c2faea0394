package fr.tocsin.dissemination.rest.dto;

import fr.tocsin.contracts.fallback.LiveNumber;

import java.time.Instant;
import java.util.List;

/** Everything in force for one territory: what a prefecture site shows, or a citizen's phone. */
public record Notices(String territory, String territoryName, Instant lastChange, List<IncidentNotice> incidents,
                      List<LiveNumber> numbers) {
}
