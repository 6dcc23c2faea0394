package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.LocalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code bench/activation.sh}: how long the national activation takes, on a throw-away local stack with the
 * demo directory (101 departments × 4 numbers). Prints figures; asserts nothing about speed.
 */
public final class ActivationBenchmark {

    private ActivationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-bench"))
                .withProgress(message -> System.err.println("  • " + message)))) {
            System.err.println("  • " + stack.loadDemoNumbers());
            NationalOutage outage = new NationalOutage(stack);
            outage.run(Duration.ofMinutes(2)); // warm-up: first requests load classes and open connections
            List<NationalOutage.Result> results = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                results.add(outage.run(Duration.ofMinutes(2)));
            }
            System.out.printf("National outage on 15/17/18/112, %d departments × 4 standby numbers, %d rounds after a warm-up%n",
                    results.getFirst().departmentsLive(), rounds);
            print("activation (approval response → last department live on the public API)",
                    results.stream().map(NationalOutage.Result::activation).toList());
            print("withdrawal (resolution response → last department withdrawn)",
                    results.stream().map(NationalOutage.Result::withdrawal).toList());
        }
    }

    private static void print(String what, List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
        System.out.printf("%-75s min %5d ms  median %5d ms  max %5d ms%n", what, sorted.getFirst().toMillis(),
                sorted.get(sorted.size() / 2).toMillis(), sorted.getLast().toMillis());
    }
}
