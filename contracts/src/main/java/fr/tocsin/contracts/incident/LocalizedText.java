package fr.tocsin.contracts.incident;

/** A public text: French is required, English optional (null when not given). */
public record LocalizedText(String fr, String en) {

    public static LocalizedText fr(String fr) {
        return new LocalizedText(fr, null);
    }

    /** The text in the requested language, falling back to French. */
    public String in(String language) {
        return "en".equals(language) && en != null && !en.isBlank() ? en : fr;
    }
}
