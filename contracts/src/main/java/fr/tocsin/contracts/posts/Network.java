package fr.tocsin.contracts.posts;

/** The networks Tocsin posts to, with how each counts the length of a post. */
public enum Network {
    /** 500 characters; every link counts as 23. */
    MASTODON("Mastodon", 500, 23, false),
    /** 300 graphemes; links count in full (the facet makes them clickable). */
    BLUESKY("Bluesky", 300, -1, true),
    /** 280 characters; every link counts as 23 (t.co). */
    X("X", 280, 23, false),
    /** A Page post takes 63,206 characters: never split. */
    FACEBOOK("Facebook", 63_206, -1, false),
    /** 4,096 characters per message. */
    TELEGRAM("Telegram", 4_096, -1, false),
    /** Partner webhooks receive the whole notice as JSON: never split. */
    WEBHOOK("Webhook", Integer.MAX_VALUE, -1, false);

    private final String displayName;
    private final int limit;
    private final int linkLength;
    private final boolean graphemes;

    Network(String displayName, int limit, int linkLength, boolean graphemes) {
        this.displayName = displayName;
        this.limit = limit;
        this.linkLength = linkLength;
        this.graphemes = graphemes;
    }

    /** The network's name as people know it: in the console's preview, and in logs and failures. */
    public String displayName() {
        return displayName;
    }

    public int limit() {
        return limit;
    }

    /** How many characters a link counts for; -1 when it counts as written. */
    public int linkLength() {
        return linkLength;
    }

    /** Whether the limit is in graphemes (user-perceived characters) rather than code points. */
    public boolean countsGraphemes() {
        return graphemes;
    }
}
