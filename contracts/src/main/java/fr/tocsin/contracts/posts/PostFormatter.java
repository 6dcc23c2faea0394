package fr.tocsin.contracts.posts;


import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fits a post into a network's length limit, counted the network's way, splitting it into a numbered thread
 * when needed. The first part always carries the link and the hashtags, so a reader who sees only that part
 * can still reach the full page.
 */
public final class PostFormatter {

    private static final Pattern URL = Pattern.compile("https?://\\S+");
    /** " (1/3)": room for up to nine parts. */
    private static final int NUMBERING = 6;

    private PostFormatter() {
    }

    /** The parts to post, in order; one part when it fits. */
    public static List<String> parts(Network network, Post post) {
        String footer = footer(post);
        String whole = post.text().strip() + footer;
        if (length(network, whole) <= network.limit()) {
            return List.of(whole);
        }
        List<String> words = List.of(post.text().strip().split("(?<=\\s)"));
        List<StringBuilder> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        parts.add(current);
        for (String word : words) {
            int budget = network.limit() - NUMBERING - (parts.size() == 1 ? length(network, footer) : 0);
            if (length(network, current + word) > budget && !current.isEmpty()) {
                current = new StringBuilder();
                parts.add(current);
                budget = network.limit() - NUMBERING;
            }
            String rest = word;
            // A single word longer than a whole part (a pasted token, say) is cut where it must be.
            while (length(network, current + rest) > budget) {
                int cut = fit(network, rest, budget - length(network, current.toString()));
                current.append(rest, 0, cut);
                rest = rest.substring(cut);
                current = new StringBuilder();
                parts.add(current);
                budget = network.limit() - NUMBERING;
            }
            current.append(rest);
        }
        List<String> result = new ArrayList<>();
        int total = parts.size();
        for (int i = 0; i < total; i++) {
            String text = parts.get(i).toString().strip() + " (" + (i + 1) + "/" + total + ")";
            result.add(i == 0 ? text + footer : text);
        }
        return result;
    }

    /** The length of a text as the network counts it. */
    public static int length(Network network, String text) {
        String counted = text;
        int links = 0;
        if (network.linkLength() > 0) {
            Matcher m = URL.matcher(text);
            StringBuilder without = new StringBuilder();
            while (m.find()) {
                links++;
                m.appendReplacement(without, "");
            }
            m.appendTail(without);
            counted = without.toString();
        }
        int length = network.countsGraphemes() ? graphemes(counted) : counted.codePointCount(0, counted.length());
        return length + links * Math.max(0, network.linkLength());
    }

    private static String footer(Post post) {
        StringBuilder footer = new StringBuilder();
        if (post.link() != null) {
            footer.append("\n\n").append(post.link());
        }
        if (!post.hashtags().isEmpty()) {
            footer.append(post.link() == null ? "\n\n" : "\n");
            post.hashtags().forEach(tag -> footer.append('#').append(tag).append(' '));
        }
        return footer.toString().stripTrailing();
    }

    private static int graphemes(String text) {
        BreakIterator iterator = BreakIterator.getCharacterInstance();
        iterator.setText(text);
        int count = 0;
        while (iterator.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }

    /** How many chars of {@code text} fit in {@code budget}, never splitting a surrogate pair. */
    private static int fit(Network network, String text, int budget) {
        int end = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            if (length(network, text.substring(0, next)) > budget) {
                break;
            }
            end = next;
        }
        return Math.max(end, Math.min(text.length(), text.offsetByCodePoints(0, 1)));
    }
}
