package fr.tocsin.dissemination.notices.rest;

import java.time.Instant;
import java.util.List;

/**
 * What changed for a territory since a cursor ({@code /api/v1/notices?since=}): the notices' fields, restricted to
 * what changed, plus what to take away. A client applies it to what it holds: replace each incident and number set
 * listed, delete each removed incident and withdrawn set (or, when {@code full}, first forget everything), then keep
 * {@code asOf} as its next {@code since}.
 *
 * @param full             this answer is the whole state, not changes: the cursor was older than this server keeps
 *                         changes for (or than its start); replace what you hold
 * @param asOf             the cursor to send as the next {@code since}: every change up to it is in this answer
 * @param incidents        incidents in force concerning the territory that changed (all of them when {@code full})
 * @param numbers          live-number sets concerning the territory that changed (all of them when {@code full})
 * @param removedIncidents incidents no longer in force there, with their final state: {@code RESOLVED} or
 *                         {@code CANCELLED}, or still {@code ACTIVE}/{@code MONITORING} when they no longer concern
 *                         the territory
 * @param withdrawnNumbers number sets no longer live ({@code numbers} empty)
 */
public record NoticeChanges(String territory, String territoryName, Instant since, Instant asOf, boolean full,
                            Instant lastChange, List<IncidentNotice> incidents, List<Notices.TerritoryNumbers> numbers,
                            List<IncidentNotice> removedIncidents, List<Notices.TerritoryNumbers> withdrawnNumbers) {
}
