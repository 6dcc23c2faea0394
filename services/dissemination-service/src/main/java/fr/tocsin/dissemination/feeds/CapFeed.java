package fr.tocsin.dissemination.feeds;

import fr.tocsin.contracts.cap.CapComposer;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.dissemination.config.PublicConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The CAP feed: each public incident version as a signed CAP 1.2 message (a CAP alert), composed by contracts'
 * {@link CapComposer} (which the console's preview shows before sending) and signed here with Tocsin's key.
 */
@ApplicationScoped
public class CapFeed {

    public static final String SERVICE_CODE = CapComposer.SERVICE_CODE;

    @Inject
    PublicConfig config;

    @Inject
    CapSigner signer;

    /** @param earlier the versions published before this one, oldest first */
    public String write(IncidentSnapshot incident, List<IncidentSnapshot> earlier) {
        return signer.sign(CapXml.write(CapComposer.alert(incident, earlier, config.capSender(), config.baseUrl())));
    }

    public String identifier(IncidentSnapshot incident) {
        return CapComposer.identifier(incident);
    }
}
