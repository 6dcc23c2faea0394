package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time (user + system, as the kernel counts it) of the processes that share a benchmark's work: a cost per message
 * that does not depend on how many cores the machine has or on what else ran meanwhile, unlike a wall time on a
 * saturated machine. PostgreSQL's is the sum over the processes it runs at the moment of reading; the ones that ended
 * between two readings (an autovacuum worker) are not counted, so it is a floor.
 */
record CpuTime(Duration service, Duration postgres, Duration bench, Duration serviceJit) {

    /**
     * Now: the service's JVM (and, of it, its JIT compiler threads), the stack's PostgreSQL and this JVM (the SMSC and
     * the SMTP server run here).
     */
    static CpuTime of(LocalStack stack, long servicePid) throws IOException {
        Duration postgres = Duration.ZERO;
        PostgresServer server = stack.embeddedPostgres()
                .orElseThrow(() -> new IllegalStateException("The benchmark needs the stack's own PostgreSQL"));
        for (ProcessHandle process : server.processes()) {
            postgres = postgres.plus(cpu(process));
        }
        return new CpuTime(cpu(ProcessHandle.of(servicePid).orElseThrow(
                () -> new IllegalStateException("No process " + servicePid))), postgres, cpu(ProcessHandle.current()),
                compilerThreads(servicePid));
    }

    CpuTime minus(CpuTime before) {
        return new CpuTime(service.minus(before.service), postgres.minus(before.postgres), bench.minus(before.bench),
                serviceJit.minus(before.serviceJit));
    }

    /** Milliseconds of CPU per message, for each of the three. */
    String perMessage(long messages) {
        return "%.2f ms service, %.2f ms PostgreSQL, %.2f ms SMSC + SMTP server (bench JVM)".formatted(
                millisEach(service, messages), millisEach(postgres, messages), millisEach(bench, messages));
    }

    static double millisEach(Duration cpu, long messages) {
        return messages == 0 ? 0 : cpu.toNanos() / 1e6 / messages;
    }

    /**
     * The CPU time of a JVM's JIT compiler threads ("C1/C2 CompilerThreadN"), from /proc/PID/task (Linux; zero
     * elsewhere). A floor: the JVM ends compiler threads it no longer needs, and their time goes with them.
     */
    static Duration compilerThreads(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (!name.contains("CompilerThre")) { // "C1 CompilerThre", "C2 CompilerThre": comm keeps 15 characters
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // After the command in parentheses: state is field 3, utime 14 and stime 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
    /** CPU time in user space and in the kernel (system calls, and the network stack they run). */
    record Split(Duration user, Duration system) {
        Split plus(Split other) {
            return new Split(user.plus(other.user), system.plus(other.system));
        }

        Split minus(Split other) {
            return new Split(user.minus(other.user), system.minus(other.system));
        }

        Duration total() {
            return user.plus(system);
        }
    }

    /**
     * A JVM's CPU time by thread, its threads grouped by name with the digits dropped ("C# CompilerThre", "G# Conc#"),
     * from /proc/PID/task (Linux; empty elsewhere): where a process spends its CPU, without a profiler's overhead. A
     * floor per group: the time of the threads that ended is gone with them.
     */
    static Map<String, Split> byThread(long pid) {
        Map<String, Split> groups = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, new Split(Duration.ofMillis(Long.parseLong(fields[11]) * 10),
                            Duration.ofMillis(Long.parseLong(fields[12]) * 10)), Split::plus);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return Map.of();
        }
        return groups;
    }

    /**
     * The groups of {@link #byThread} that spent the most CPU between two readings, largest first ("name 12.3 s (4.5 s
     * in the kernel)"), the rest summed.
     */
    static String topThreads(Map<String, Split> before, Map<String, Split> after, int top) {
        Split none = new Split(Duration.ZERO, Duration.ZERO);
        List<Map.Entry<String, Split>> spent = new ArrayList<>();
        after.forEach((name, cpu) -> spent.add(Map.entry(name, cpu.minus(before.getOrDefault(name, none)))));
        spent.sort(Comparator.comparing((Map.Entry<String, Split> e) -> e.getValue().total()).reversed());
        StringBuilder line = new StringBuilder();
        Split rest = none;
        for (int i = 0; i < spent.size(); i++) {
            Split cpu = spent.get(i).getValue();
            if (i < top) {
                line.append(i == 0 ? "" : ", ").append("%s %.1f s (%.1f s in the kernel)".formatted(
                        spent.get(i).getKey(), cpu.total().toMillis() / 1e3, cpu.system().toMillis() / 1e3));
            } else {
                rest = rest.plus(cpu);
            }
        }
        return line.append(", other threads %.1f s".formatted(rest.total().toMillis() / 1e3)).toString();
    }

    /** The machine's CPU time so far, busy and idle (all cores, /proc/stat; zeros elsewhere). */
    record Machine(Duration busy, Duration idle) {
        static Machine now() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                // user nice system idle iowait irq softirq steal
                long busy = 0;
                for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(cpu[field]);
                }
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
                return new Machine(Duration.ofMillis(busy * 10), Duration.ofMillis(idle * 10));
            } catch (IOException | RuntimeException notLinux) {
                return new Machine(Duration.ZERO, Duration.ZERO);
            }
        }

        Machine minus(Machine before) {
            return new Machine(busy.minus(before.busy), idle.minus(before.idle));
        }
    }
    /**
     * The CPU time of this JVM's child processes (the other services, Kafka, PostgreSQL's), by what each is: a
     * service's name, "Kafka", or the command's name. Processes that ended are not counted.
     */
    static Map<String, Duration> children() {
        Map<String, Duration> cpu = new TreeMap<>();
        ProcessHandle.current().descendants().forEach(process -> {
            String name = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
            String commandLine;
            try {
                commandLine = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            } catch (IOException | RuntimeException gone) {
                commandLine = "";
            }
            java.util.regex.Matcher service = java.util.regex.Pattern
                    .compile("services/([a-z-]+)/target/quarkus-app/quarkus-run\\.jar").matcher(commandLine);
            if (service.find()) {
                name = service.group(1);
            } else if (commandLine.contains("kafka.Kafka")) {
                name = "Kafka";
            }
            cpu.merge(name, cpu(process), Duration::plus);
        });
        return cpu;
    }

    /** What {@link #children} spent between two readings, largest first: "name 1.2 s" each. */
    static String childrenSpent(Map<String, Duration> before, Map<String, Duration> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().minus(before.getOrDefault(e.getKey(), Duration.ZERO))))
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .map(e -> "%s %.1f s".formatted(e.getKey(), e.getValue().toMillis() / 1e3))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
