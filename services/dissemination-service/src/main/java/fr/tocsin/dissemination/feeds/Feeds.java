package fr.tocsin.dissemination.feeds;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.dissemination.config.PublicConfig;
import fr.tocsin.dissemination.readmodel.NoticeBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Atom and RSS feeds of incidents, and the CAP-over-Atom index of alerts, written with Rome. */
@ApplicationScoped
public class Feeds {

    public static final String ATOM = "atom_1.0";
    public static final String RSS = "rss_2.0";
    private static final int MAX_ENTRIES = 100;

    @Inject
    NoticeBoard board;

    @Inject
    PublicConfig config;

    /**
     * Public incidents concerning the territory, in force or ended, most recently changed first, in French or
     * English ({@code language} "fr" or "en"): each entry links to the incident's page in that language.
     */
    public String incidents(TerritoryRef territory, String feedType, String language) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        boolean english = "en".equals(language);
        String prefix = english ? "/en" : "";
        SyndFeed feed = feed(feedType, (english ? "Tocsin — public service outages: " : "Tocsin — pannes des services publics : ")
                + directory.name(territory), "urn:tocsin:feed:incidents:" + territory + (english ? ":en" : ""));
        feed.setLanguage(language);
        feed.setLink(config.baseUrl() + (english ? "/en" : "/"));
        List<SyndEntry> entries = new ArrayList<>();
        for (IncidentSnapshot incident : board.all()) {
            if (!incident.isPublic() || incident.territories().stream()
                    .noneMatch(t -> directory.related(t, territory))) {
                continue;
            }
            SyndEntry entry = entry(incident, statusPrefix(incident, english) + incident.title().in(language));
            // The incident's own page, where its numbers and timeline are: what a feed reader opens.
            entry.setLink(config.baseUrl() + prefix + "/incidents/" + incident.id());
            SyndContent description = new SyndContentImpl();
            description.setType("text/plain");
            description.setValue(incident.description().in(language) + (incident.instructions() == null ? ""
                    : (english ? "\n\nWhat to do: " : "\n\nQue faire : ") + incident.instructions().in(language)));
            entry.setDescription(description);
            entries.add(entry);
            if (entries.size() == MAX_ENTRIES) {
                break;
            }
        }
        feed.setEntries(entries);
        return write(feed);
    }

    /** The OASIS "CAP feeds" practice: an Atom entry per alert, linking its CAP 1.2 message. */
    public String capIndex() {
        SyndFeed feed = feed(ATOM, "Tocsin — alertes CAP 1.2", "urn:tocsin:feed:cap");
        List<SyndEntry> entries = new ArrayList<>();
        for (IncidentSnapshot incident : board.all()) {
            SyndEntry entry = entry(incident, incident.title().fr());
            SyndLink link = new SyndLinkImpl();
            link.setRel("alternate");
            link.setType("application/cap+xml");
            link.setHref(config.baseUrl() + "/cap/" + incident.id() + ".xml");
            entry.setLinks(List.of(link));
            entry.setLink(link.getHref());
            entries.add(entry);
            if (entries.size() == MAX_ENTRIES) {
                break;
            }
        }
        feed.setEntries(entries);
        return write(feed);
    }

    private SyndFeed feed(String type, String title, String uri) {
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType(type);
        feed.setTitle(title);
        feed.setDescription(title);
        feed.setUri(uri);
        feed.setLink(config.baseUrl() + "/");
        feed.setLanguage("fr");
        feed.setPublishedDate(Date.from(board.lastChange()));
        return feed;
    }

    private static SyndEntry entry(IncidentSnapshot incident, String title) {
        SyndEntry entry = new SyndEntryImpl();
        entry.setUri("urn:uuid:" + incident.id());
        entry.setTitle(title);
        entry.setAuthor(incident.authority());
        entry.setPublishedDate(Date.from(incident.declaredAt()));
        entry.setUpdatedDate(Date.from(incident.updatedAt()));
        return entry;
    }

    private static String statusPrefix(IncidentSnapshot incident, boolean english) {
        return switch (incident.status()) {
            case RESOLVED -> english ? "[Restored] " : "[Rétabli] ";
            case CANCELLED -> english ? "[Cancelled] " : "[Annulé] ";
            // Planned works not begun: announced, never read as an outage in force.
            case SCHEDULED -> english ? "[Planned works] " : "[Travaux programmés] ";
            default -> "";
        };
    }

    private static String write(SyndFeed feed) {
        try {
            return new SyndFeedOutput().outputString(feed);
        } catch (FeedException e) {
            throw new IllegalStateException("Feed cannot be written", e);
        }
    }
}
