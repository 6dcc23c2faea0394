package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
}
