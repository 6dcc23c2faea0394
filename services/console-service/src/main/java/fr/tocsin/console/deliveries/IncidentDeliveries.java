package fr.tocsin.console.deliveries;

import fr.tocsin.console.deliveries.client.BroadcastApi;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.UUID;

import static fr.tocsin.console.apis.Apis.call;

/**
 * Where an incident went: each account (social network, partner webhook) and each subscribers' channel with its
 * state, through broadcast-service with the person's token; the failures re-driven on request.
 */
@ApplicationScoped
@TemplateData(target = BroadcastApi.Delivery.class)
@TemplateData(target = BroadcastApi.ChannelState.class)
public class IncidentDeliveries {

    @Inject
    @RestClient
    BroadcastApi broadcast;

    /** What the page shows: the accounts' deliveries, oldest first, and the subscribers' counts per channel. */
    @TemplateData
    public record Status(List<BroadcastApi.Delivery> accounts, List<BroadcastApi.ChannelState> subscribers) {

        /** What a redrive takes up: failures, and posts UNKNOWN (perhaps posted before their sender stopped). */
        public long failed() {
            return accounts.stream().filter(d -> "FAILED".equals(d.status()) || "UNKNOWN".equals(d.status())).count();
        }

        public long unknown() {
            return accounts.stream().filter(d -> "UNKNOWN".equals(d.status())).count();
        }
    }

    public Status of(UUID incident) {
        return new Status(call(() -> broadcast.deliveries(incident)), call(() -> broadcast.subscribers(incident)));
    }

    /** Attempts the failed deliveries again, from scratch; how many (the API re-drives only the person's own). */
    public int redrive(UUID incident) {
        Integer count = call(() -> broadcast.redrive(incident)).get("redriven");
        return count == null ? 0 : count;
    }
}
