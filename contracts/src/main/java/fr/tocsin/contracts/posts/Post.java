package fr.tocsin.contracts.posts;

import java.util.List;

/** What to say, before it is fitted to a network: the text, the public page, hashtags, the language. */
public record Post(String text, String link, List<String> hashtags, String language) {

    public Post {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
    }
}
