package fr.tocsin.localstack.scenario;

import fr.tocsin.contracts.territory.Commune;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.ServiceSpec;
import fr.tocsin.localstack.SmscServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/subscriptions.sh}: the subscriber fan-out of issue #20. N confirmed subscribers in one department
 * (Nord), SMS and e-mail half and half, written straight into broadcast-service's database; one declaration there,
 * approved; then the time from the approval to the last message accepted by the local SMSC (answering each submit after
 * a fixed latency) and SMTP server, the messages per second, broadcast-service's heap (before, highest while sending,
 * after) and the duplicates (messages received beyond the ledger's sent rows). The reference of the same run
 * ({@link ReferenceRun}): the same number of messages pushed straight into the same SMSC and SMTP server by the bench,
 * at the same window and number of connections, with no service and no database: the servers' own pace on this
 * machine, which no fan-out can beat. ARCEP's fiction mobiles hold only 10,000 numbers
 * (06 39 98 00 00 to 99 99), so each follows several territories of the department (the department and some of its
 * communes), as the limit of 10 per destination allows. The services run with production's JVM options. The heap
 * is read after a full GC before and after (what stays) and at its highest while sending. Arguments: subscribers
 * (100,000), SMSC latency in ms (10), sender loops (4), SMPP sessions (1), mix ({@code half}, or {@code distinct}:
 * one message per subscriber, 10,000 SMS and the rest e-mail). Asserts nothing about speed.
 */
public final class SubscriptionFanOutBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FICTION_MOBILES = 10_000;

    private SubscriptionFanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latencyMillis = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int smsSessions = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // "half": SMS and e-mail subscribers half and half (the wording), so the SMS side shares ARCEP's
        // 10,000 fiction mobiles; "distinct": one message per subscriber, 10,000 SMS and the rest e-mail.
        boolean distinct = args.length > 4 && "distinct".equals(args[4]);
        int batch = 500;
        int smsWindow = 64;
        int mailConcurrency = 32;
        int sms = distinct ? Math.min(FICTION_MOBILES, subscribers / 2) : subscribers / 2;
        int mails = subscribers - sms;
        // The SMSC account and the relay are the bench's own: their contracted rates are not the limit measured here.
        // The services run as in production (C2, a fixed 128 MiB heap), not the tests' C1-only JVM.
        List<String> serviceArgs = new ArrayList<>(LocalStack.PRODUCTION_JVM);
        // -Dtocsin.bench.service-jvm="..." adds options after production's (a JIT or GC variant to compare).
        String variant = System.getProperty("tocsin.bench.service-jvm", "").trim();
        if (!variant.isEmpty()) {
            serviceArgs.addAll(List.of(variant.split("\\s+")));
        }
        serviceArgs.addAll(List.of("-Dtocsin.subscriptions.sending.workers=" + workers,
                "-Dtocsin.subscriptions.sending.batch=" + batch, "-Dtocsin.subscriptions.sending.sms-window=" + smsWindow,
                "-Dtocsin.sms.smpp.sessions=" + smsSessions, "-Dtocsin.subscriptions.sending.sms-rate=100000/1s",
                "-Dtocsin.subscriptions.sending.mail-concurrency=" + mailConcurrency,
                "-Dtocsin.subscriptions.sending.mail-rate=100000/1s",
                "-Dquarkus.datasource.jdbc.max-size=" + (workers + 30)));
        MailServer.nameStreamProvider(); // the SMTP server and the reference's client run in this JVM
        // The stack's PostgreSQL runs in this JVM: preload pg_stat_statements for printDatabaseTime.
        System.setProperty("tocsin.postgres.preload", "pg_stat_statements"
                + (System.getProperty("tocsin.postgres.auto-explain") != null ? ",auto_explain" : ""));
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root,
                        Files.createTempDirectory("tocsin-bench-subscriptions"))
                .withServiceArgs(serviceArgs).withProgress(message -> System.err.println("  • " + message)))) {
            stack.smsc().latency(Duration.ofMillis(latencyMillis));
            System.err.println("  • " + stack.loadDemoNumbers());
            List<String> territories = new ArrayList<>(List.of("department:59"));
            for (Commune commune : TerritoryDirectory.get().communesOf("59")) {
                if (territories.size() >= 10) {
                    break;
                }
                territories.add("commune:" + commune.code());
            }
            System.err.printf("  • writing %d SMS and %d e-mail confirmed subscribers in the Nord%n", sms, mails);
            try (Connection db = DriverManager.getConnection(stack.jdbcUrl("broadcast"), stack.jdbcUser(),
                    stack.jdbcPassword())) {
                insert(db, """
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'SMS', '+3363998' || lpad(cast(g %% %1$d as text), 4, '0'),
                               (string_to_array(?, ','))[g / %1$d + 1], case when g %% 5 = 0 then 'en' else 'fr' end,
                               now(), 'bench-sms-' || g, now()
                        from generate_series(0, ? - 1) g""".formatted(FICTION_MOBILES), String.join(",", territories), sms);
                insert(db, """
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'EMAIL', 'abonne.' || g || '@example.org', ?,
                               case when g % 5 = 0 then 'en' else 'fr' end, now(), 'bench-mail-' || g, now()
                        from generate_series(0, ? - 1) g""", "department:59", mails);
                if (sms > FICTION_MOBILES * territories.size()) {
                    throw new IllegalArgumentException("At most " + FICTION_MOBILES * territories.size() + " SMS subscribers");
                }

                // One message per destination (#20): the SMS subscribers share ARCEP's 10,000 fiction mobiles.
                long destinations = count(db, "select count(distinct (channel, destination)) from subscription"
                        + " where confirmed_at is not null");
                String broadcast = stack.service("broadcast-service").url();
                var service = stack.service("broadcast-service");
                long pid = stack.pid("broadcast-service");
                long heapBefore = liveHeapMiB(service, pid);
                Map<String, Long> classesBefore = liveByClass(pid);
                int smsBefore = stack.smsc().messageCount();
                int mailBefore = stack.mail().count();

                JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
                String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
                String declared = send(HttpRequest.newBuilder(URI.create(incidents))
                        .header("Authorization", "Bearer " + token(keys, "agent-declarant"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                                {"template": "emergency-numbers-unreachable", "territories": ["department:59"]}""")), 201);
                Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(declared);
                if (!id.find()) {
                    throw new IllegalStateException("No id in " + declared);
                }
                if (declared.contains("\"status\":\"DRAFT\"")) {
                    send(HttpRequest.newBuilder(URI.create(incidents + "/" + id.group(1) + "/approve"))
                            .header("Authorization", "Bearer " + token(keys, "agent-approbateur")).header("If-Match", "\"1\"")
                            .POST(HttpRequest.BodyPublishers.noBody()), 200);
                }
                try (var reset = db.createStatement()) {
                    reset.execute("create extension if not exists pg_stat_statements");
                    reset.execute("select pg_stat_statements_reset()");
                }
                CpuTime cpuBefore = CpuTime.of(stack, pid);
                CpuTime.Machine machineBefore = CpuTime.Machine.now();
                long benchPid = ProcessHandle.current().pid();
                Map<String, CpuTime.Split> benchThreadsBefore = CpuTime.byThread(benchPid);
                Map<String, CpuTime.Split> serviceThreadsBefore = CpuTime.byThread(pid);
                Map<String, Duration> childrenBefore = CpuTime.children();
                long approved = System.nanoTime();
                java.time.Instant approvedAt = java.time.Instant.now();
                long deadline = approved + Duration.ofMinutes(10).toNanos();
                long heapMax = heapBefore;
                long lastAt = approved;
                long firstAt = 0;
                int polls = 0;
                int received = 0;
                int lastReceived = -1;
                while (System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    received = stack.smsc().messageCount() - smsBefore + stack.mail().count() - mailBefore;
                    if (received != lastReceived) {
                        lastReceived = received;
                        lastAt = System.nanoTime();
                        if (firstAt == 0 && received > 0) {
                            firstAt = lastAt;
                        }
                    }
                    if (++polls % 5 == 0) { // a scrape of /q/metrics costs the service: once a second
                        heapMax = Math.max(heapMax, SoakBenchmark.sumMiB(SoakBenchmark.metrics(service),
                                "jvm_memory_used_bytes", "area=\"heap\""));
                    }
                    if (received >= destinations && pending(db, id.group(1)) == 0) {
                        break;
                    }
                }
                CpuTime cpu = CpuTime.of(stack, pid).minus(cpuBefore);
                CpuTime.Machine machine = CpuTime.Machine.now().minus(machineBefore);
                String benchThreads = CpuTime.topThreads(benchThreadsBefore, CpuTime.byThread(benchPid), 8);
                String serviceThreads = CpuTime.topThreads(serviceThreadsBefore, CpuTime.byThread(pid), 8);
                String children = CpuTime.childrenSpent(childrenBefore, CpuTime.children());
                printDatabaseTime(db);
                String steps = "approval → declaration received %s, its live numbers received %s, planning started %s"
                        .formatted(since(db, approvedAt, "select min(created_at) from subscriber_message where subject = ?"
                                        + " and kind = 'DECLARED'", id.group(1)),
                                since(db, approvedAt, "select min(created_at) from subscriber_message where subject = ?",
                                        "numbers:department:59"),
                                since(db, approvedAt, "select min(created_at) from delivery where subject = ?"
                                        + " and subscription_id is not null", id.group(1)));
                Thread.sleep(3_000); // room for a late duplicate, if there were one
                int smsReceived = stack.smsc().messageCount() - smsBefore;
                int mailReceived = stack.mail().count() - mailBefore;
                long sentRows = count(db, "select count(*) from delivery where subscription_id is not null"
                        + " and status = 'SENT' and (subject = ? or subject = 'numbers:department:59')", id.group(1));
                long planned = count(db, "select count(*) from delivery where subscription_id is not null"
                        + " and status <> 'SUPERSEDED' and (subject = ? or subject = 'numbers:department:59')", id.group(1));
                long unknownRows = count(db, "select count(*) from delivery where subscription_id is not null"
                        + " and status = 'UNKNOWN' and (subject = ? or subject = 'numbers:department:59')", id.group(1));
                // Duplicates: messages beyond one per destination, counted at the servers (not against the ledger,
                // whose UNKNOWN rows may or may not have gone out).
                List<SmscServer.Message> texts = stack.smsc().messages();
                long smsDestinations = texts.subList(Math.min(smsBefore, texts.size()), texts.size()).stream()
                        .map(SmscServer.Message::destination).distinct().count();
                List<MailServer.Mail> mailsReceived = stack.mail().received();
                long mailDestinations = mailsReceived.subList(Math.min(mailBefore, mailsReceived.size()),
                        mailsReceived.size()).stream().map(m -> m.to().getFirst()).distinct().count();
                long heapAfter = liveHeapMiB(service, pid);
                String heapGrowth = growth(classesBefore, liveByClass(pid));
                double seconds = (lastAt - approved) / 1e9;
                System.out.printf("Subscriber fan-out — %d confirmed subscribers in the Nord (%d SMS, %d e-mail), one "
                        + "declaration; SMSC latency %d ms per submit, SMTP without added latency; %d sender loops, "
                        + "batch %d, %d SMPP session(s) with a window of %d each, %d mails in flight; services with "
                        + "production's JVM options%s; declaration hold as configured (10 s default)%n",
                        subscribers, sms, mails, latencyMillis, workers, batch, smsSessions, smsWindow, mailConcurrency,
                        variant.isEmpty() ? "" : " followed by " + variant);
                System.out.printf("  messages planned %d (%.2f per destination, target 1; %d destinations), recorded sent %d,"
                        + " unknown %d; received: SMS %d, e-mail %d%n", planned, (double) planned / destinations,
                        destinations, sentRows, unknownRows,
                        smsReceived, mailReceived);
                System.out.printf("  duplicates (messages beyond one per destination): SMS %d, e-mail %d%n",
                        smsReceived - smsDestinations, mailReceived - mailDestinations);
                double sending = (lastAt - firstAt) / 1e9;
                System.out.printf("  approval → last message accepted %.2f s (%.0f messages/s over that span); of which"
                        + " approval → first message %.2f s (%s), first → last %.2f s (%.0f messages/s)%n",
                        seconds, (smsReceived + mailReceived) / seconds, (firstAt - approved) / 1e9, steps, sending,
                        (smsReceived + mailReceived) / sending);
                System.out.printf("  broadcast-service heap: live (after a full GC) before %d MiB, after %d MiB; highest "
                        + "used while sending %d MiB (of a fixed 128 MiB); live growth by class: %s%n", heapBefore, heapAfter,
                        heapMax, heapGrowth);
                System.out.printf("  CPU from approval to the last message: broadcast-service %.1f s, PostgreSQL %.1f s, bench"
                        + " JVM (SMSC and SMTP server) %.1f s; per message %s%n", cpu.service().toMillis() / 1e3,
                        cpu.postgres().toMillis() / 1e3, cpu.bench().toMillis() / 1e3,
                        cpu.perMessage(smsReceived + mailReceived));
                System.out.printf("  of broadcast-service's CPU, its JIT compiler threads %.1f s (%.0f %%; a floor: the"
                        + " JVM ends compiler threads it no longer needs)%n", cpu.serviceJit().toMillis() / 1e3,
                        100.0 * cpu.serviceJit().toMillis() / Math.max(1, cpu.service().toMillis()));
                System.out.printf("  the whole machine in that span: busy %.1f s, idle %.1f s (of its cores together); the"
                        + " processes above %.1f s of the busy time, the others (Kafka, the other services, the kernel)"
                        + " the rest; by process: %s%n", machine.busy().toMillis() / 1e3, machine.idle().toMillis() / 1e3,
                        cpu.service().plus(cpu.postgres()).plus(cpu.bench()).toMillis() / 1e3, children);
                System.out.printf("  by thread (from /proc; digits in names dropped): bench JVM %s; broadcast-service %s%n",
                        benchThreads, serviceThreads);
                Duration referenceCpuBefore = CpuTime.of(stack, pid).bench();
                Map<String, CpuTime.Split> referenceThreadsBefore = CpuTime.byThread(benchPid);
                ReferenceRun.Result reference = ReferenceRun.run(stack, (int) smsDestinations, (int) mailDestinations,
                        smsWindow * smsSessions, mailConcurrency);
                Duration referenceCpu = CpuTime.of(stack, pid).bench().minus(referenceCpuBefore);
                String referenceThreads = CpuTime.topThreads(referenceThreadsBefore, CpuTime.byThread(benchPid), 8);
                System.out.printf("  reference: the same %d SMS and %d e-mails sent straight to the local SMSC and SMTP"
                        + " server by the bench itself (no broadcast-service, no database; window %d, %d SMTP"
                        + " connections): %.2f s (%.0f messages/s; SMS alone %.2f s, e-mail alone %.2f s)%n",
                        reference.sms(), reference.mails(), smsWindow * smsSessions, mailConcurrency, reference.seconds(),
                        (reference.sms() + reference.mails()) / reference.seconds(), reference.smsSeconds(),
                        reference.mailSeconds());
                System.out.printf("  reference CPU (bench JVM: the servers and the bench's own SMPP and SMTP clients) %.1f s,"
                        + " %.2f ms per message%n", referenceCpu.toMillis() / 1e3,
                        CpuTime.millisEach(referenceCpu, reference.sms() + reference.mails()));
                System.out.printf("  reference by thread (the SMTP server's \"smtp:…\", the bench's SMTP clients"
                        + " \"pool-…\"): %s; the bench's SMTP clients (Jakarta Mail) %.1f s (%.1f s in the kernel)%n",
                        referenceThreads, reference.mailClients().total().toMillis() / 1e3,
                        reference.mailClients().system().toMillis() / 1e3);
                System.out.printf("  fan-out first → last / reference = %.2f× (1.00× would be the servers' own pace on"
                        + " this machine)%n", sending / reference.seconds());
            }
        }
    }

    /** broadcast-service's statements by database time during the fan-out (pg_stat_statements), to stderr. */
    private static void printDatabaseTime(Connection db) throws Exception {
        try (var query = db.createStatement(); ResultSet rows = query.executeQuery("""
                select s.calls, s.rows, round(s.total_exec_time) as ms, round(s.mean_exec_time::numeric, 3) as mean,
                       (s.shared_blks_hit + s.shared_blks_read) / greatest(s.calls, 1) as blocks,
                       regexp_replace(left(s.query, 110), '\\s+', ' ', 'g') as query
                from pg_stat_statements s join pg_database d on d.oid = s.dbid
                where d.datname = 'broadcast' order by s.total_exec_time desc limit 8""")) {
            System.err.println("  • database time during the fan-out (broadcast's top statements; wall time, and the"
                    + " buffers each call read, a measure of its work that the machine's load does not inflate):");
            while (rows.next()) {
                System.err.printf("      %6d ms  %7d calls  %8d rows  %8s ms each  %8d buffers each  %s%n",
                        rows.getLong("ms"), rows.getLong("calls"), rows.getLong("rows"), rows.getString("mean"),
                        rows.getLong("blocks"), rows.getString("query"));
            }
        }
    }

    /** The live heap by class (jcmd GC.class_histogram, which collects first): bytes per class name. */
    private static Map<String, Long> liveByClass(long pid) {
        Map<String, Long> bytes = new java.util.HashMap<>();
        for (String line : SoakBenchmark.jcmd(pid, "GC.class_histogram").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                bytes.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
            }
        }
        return bytes;
    }

    /** The classes whose live bytes grew the most between two histograms, and the total growth. */
    private static String growth(Map<String, Long> before, Map<String, Long> after) {
        long total = after.values().stream().mapToLong(Long::longValue).sum()
                - before.values().stream().mapToLong(Long::longValue).sum();
        String top = after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> "%s +%d KiB".formatted(e.getKey(), e.getValue() / 1024))
                .collect(java.util.stream.Collectors.joining(", "));
        return "%+d KiB in all; %s".formatted(total / 1024, top);
    }

    /** The heap still in use after a full GC (jcmd GC.run): what the service keeps, not its garbage of the moment. */
    private static long liveHeapMiB(ServiceSpec service, long pid) {
        SoakBenchmark.jcmd(pid, "GC.run");
        return SoakBenchmark.sumMiB(SoakBenchmark.metrics(service), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    private static void insert(Connection db, String sql, String territory, int count) throws Exception {
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            insert.setString(1, territory);
            insert.setInt(2, count);
            insert.executeUpdate();
        }
    }

    /** Seconds from {@code from} to the timestamp a query returns (the services' clock: this machine's). */
    private static String since(Connection db, java.time.Instant from, String sql, String parameter) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                java.sql.Timestamp at = rows.next() ? rows.getTimestamp(1) : null;
                return at == null ? "never" : "%.2f s".formatted(
                        java.time.Duration.between(from, at.toInstant()).toMillis() / 1e3);
            }
        }
    }

    private static long pending(Connection db, String incident) throws Exception {
        return count(db, "select count(*) from delivery where subscription_id is not null"
                + " and status in ('PENDING', 'CLAIMED', 'SUBMITTING')"
                + " and (subject = ? or subject = 'numbers:department:59')", incident);
    }

    private static long count(Connection db, String sql, String... parameters) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String token(JwtKeys keys, String subject) {
        return keys.token(subject, subject, "ministry", List.of("FR"), "Ministère de l’Intérieur", Duration.ofHours(1));
    }

    private static String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
