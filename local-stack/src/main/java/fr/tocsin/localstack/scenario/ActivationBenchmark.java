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
        // The Kafka client reading the topics (TopicWatch) logs through slf4j-simple: warnings only.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-bench"))
                .withServiceArgs(LocalStack.PRODUCTION_JVM) // as ./tocsin start and production run them
                .withProgress(message -> System.err.println("  • " + message)))) {
            System.err.println("  • " + stack.loadDemoNumbers());
            List<NationalOutage.Result> results = new ArrayList<>();
            try (NationalOutage outage = new NationalOutage(stack)) {
                outage.run(Duration.ofMinutes(2)); // warm-up: first requests load classes and open connections
                for (int i = 0; i < rounds; i++) {
                    NationalOutage.Result result = outage.run(Duration.ofMinutes(2));
                    System.err.printf("  • round %d: every department %d ms (national %d ms)%n", i + 1,
                            result.everyDepartment().toMillis(), result.activation().toMillis());
                    results.add(result);
                }
            }
            System.out.printf("National outage on 15/17/18/112, %d departments × 4 standby numbers, %d rounds after a warm-up%n",
                    results.getFirst().departmentsLive(), rounds);
            System.out.printf("Services as production runs them (C2); each department's notices and page polled (%s)%n",
                    "4 requests at once, a pass over the pending ones then 10 ms");
            System.out.println("From the approval response to:");
            print("  the approved incident's event on the incidents topic", results, NationalOutage.Result::incidentOnTopic);
            print("  the first department's live numbers on their topic (fallback-service)", results,
                    NationalOutage.Result::firstNumbersOnTopic);
            print("  the last department's live numbers on their topic (fallback-service)", results,
                    NationalOutage.Result::lastNumbersOnTopic);
            print("  every department live in the national notices (territory=FR)", results, NationalOutage.Result::activation);
            print("  every department live in its own notices JSON", results, NationalOutage.Result::lastDepartmentNotices);
            print("  every department live on its own page", results, NationalOutage.Result::lastDepartmentPage);
            print("  every department live in its own notices and page (target 1 s)", results,
                    NationalOutage.Result::everyDepartment);
            for (String service : NationalOutage.TIMED_SERVICES) {
                print("CPU time of " + service + " meanwhile (user + system, whatever the load)", results,
                        result -> result.cpu().get(service));
            }
            Duration median = median(results.stream().map(NationalOutage.Result::everyDepartment).toList());
            System.out.printf("  → median %.2f× the 1 s target%n", median.toMillis() / 1000.0);
            print("withdrawal (resolution response → last department withdrawn, national notices)", results,
                    NationalOutage.Result::withdrawal);
        }
    }

    private static Duration median(List<Duration> durations) {
        return durations.stream().sorted().toList().get(durations.size() / 2);
    }

    private static void print(String what, List<NationalOutage.Result> results,
                              java.util.function.Function<NationalOutage.Result, Duration> figure) {
        print(what, results.stream().map(figure).toList());
    }

    private static void print(String what, List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
        System.out.printf("%-80s min %5d ms  median %5d ms  max %5d ms%n", what, sorted.getFirst().toMillis(),
                sorted.get(sorted.size() / 2).toMillis(), sorted.getLast().toMillis());
    }
}
