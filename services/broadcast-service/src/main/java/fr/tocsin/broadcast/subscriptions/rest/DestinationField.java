package fr.tocsin.broadcast.subscriptions.rest;

import fr.tocsin.broadcast.subscriptions.Channel;
import fr.tocsin.broadcast.subscriptions.Destinations;
import fr.tocsin.kit.problem.KitProblemException;

/** A request's destination: exactly one of {@code mobile} or {@code email}, checked, as the channel and its value. */
record DestinationField(Channel channel, String destination) {

    /** @throws KitProblemException 400 naming {@code mobile} or {@code email} */
    static DestinationField of(String mobile, String email, boolean acceptFictionNumbers) {
        boolean isMobile = mobile != null;
        if (isMobile == (email != null)) {
            throw KitProblemException.invalid(isMobile ? "email" : "mobile", "donnez un numéro de mobile ou une adresse "
                    + "e-mail, pas les deux / give a mobile number or an e-mail address, not both");
        }
        try {
            return isMobile ? new DestinationField(Channel.SMS, Destinations.mobile(mobile, acceptFictionNumbers))
                    : new DestinationField(Channel.EMAIL, Destinations.email(email));
        } catch (IllegalArgumentException e) {
            throw KitProblemException.invalid(isMobile ? "mobile" : "email", e.getMessage());
        }
    }
}
