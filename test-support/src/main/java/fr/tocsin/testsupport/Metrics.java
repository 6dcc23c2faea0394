package fr.tocsin.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus text exposition ({@code /q/metrics}) as a test sees it: the sum of a metric's samples whose
 * labels include the given ones. No matching sample is an {@link AssertionError}, never NaN: AssertJ orders NaN above
 * every number (and equal to itself), so a missing metric would pass {@code isGreaterThan} and {@code isEqualTo}.
 */
public final class Metrics {

    /**
     * name, optional {labels}, value. The labels stop at the first '}' outside a quoted value: an OpenMetrics line may
     * end with an exemplar ({@code  # {span_id="…"} 3.2}), whose braces and value are not the sample's.
     */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String exposition;

    private Metrics(String exposition) {
        this.exposition = exposition;
    }

    public static Metrics of(String exposition) {
        return new Metrics(exposition);
    }

    /** The labels of a sample line as a map (values unescaped only of \" and \\). */
    public static Map<String, String> labels(String labels) {
        Map<String, String> map = new HashMap<>();
        if (labels != null) {
            Matcher m = LABEL.matcher(labels);
            while (m.find()) {
                map.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return map;
    }

    /** True when at least one sample of the metric carries the labels. */
    public boolean has(String name, String... labelPairs) {
        return exposition.lines().anyMatch(line -> {
            Matcher m = SAMPLE.matcher(line);
            return m.find() && m.group(1).equals(name) && carries(labels(m.group(3)), labelPairs);
        });
    }

    private static boolean carries(Map<String, String> labels, String... labelPairs) {
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(labels.get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Sum of the samples of {@code name} carrying every label of {@code labelPairs} (name, value, name, value…). */
    public double sum(String name, String... labelPairs) {
        double sum = Double.NaN;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(name)) {
                continue;
            }
            if (carries(labels(m.group(3)), labelPairs)) {
                double value = Double.parseDouble(m.group(4));
                sum = Double.isNaN(sum) ? value : sum + value;
            }
        }
        if (!has(name, labelPairs)) {
            throw new AssertionError("no sample of " + name + " with " + String.join(",", labelPairs));
        }
        return sum;
    }

    /** The cumulative count of a histogram's bucket {@code le} (compared as a number: "5" and "5.0" are one bound). */
    public double bucket(String name, double le, String... labelPairs) {
        double sum = Double.NaN;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(name + "_bucket") && carries(labels(m.group(3)), labelPairs)) {
                String bound = labels(m.group(3)).get("le");
                if (bound != null && !bound.equals("+Inf") && Double.parseDouble(bound) == le) {
                    double value = Double.parseDouble(m.group(4));
                    sum = Double.isNaN(sum) ? value : sum + value;
                }
            }
        }
        if (Double.isNaN(sum)) {
            throw new AssertionError("no bucket le=" + le + " of " + name + " with " + String.join(",", labelPairs));
        }
        return sum;
    }

    /** Every label value of {@code label} among the samples of {@code name}. */
    public java.util.Set<String> values(String name, String label) {
        java.util.Set<String> values = new java.util.TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(name)) {
                String value = labels(m.group(3)).get(label);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    public String text() {
        return exposition;
    }
}
