package fr.tocsin.dissemination.notices.rest;

import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.util.List;

/**
 * Everything in force for one territory: what a prefecture site shows, or a citizen's phone; with
 * {@code ?include=upcoming}, also the planned works not begun, apart ({@code upcoming}, absent otherwise).
 */
public record Notices(String territory, String territoryName, Instant lastChange, List<IncidentNotice> incidents,
                      List<TerritoryNumbers> numbers,
                      @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Planned works not "
                              + "begun (status SCHEDULED), soonest first; only with include=upcoming")
                      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                      List<IncidentNotice> upcoming) {

    /** The live fallback numbers of one territory (a department, or one of its communes). */
    public record TerritoryNumbers(TerritoryRef territory, String territoryName, List<LiveNumber> numbers) {
    }
}
