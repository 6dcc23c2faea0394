package fr.tocsin.contracts.cap;

/** One entry of {@code references}: the sender, identifier and sent time of an earlier message. */
public record CapReference(String sender, String identifier, String sent) {

    static CapReference parse(String triplet) {
        String[] parts = triplet.split(",", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new CapFormatException("references: \"" + triplet + "\" is not sender,identifier,sent");
        }
        return new CapReference(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return sender + "," + identifier + "," + sent;
    }
}
