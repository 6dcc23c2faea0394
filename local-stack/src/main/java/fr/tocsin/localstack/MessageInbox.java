package fr.tocsin.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Where a developer reads what the local SMSC and SMTP server received, over HTTP on 127.0.0.1:
 * {@code GET /sms} and {@code GET /mail} (JSON, newest last), {@code GET /mail/<n>.eml} (one message as sent), and
 * {@code POST /sms/mo} with form fields {@code from}, {@code to}, {@code text} to send a mobile-originated SMS (e.g.
 * {@code STOP}) to the bound service.
 */
public final class MessageInbox implements AutoCloseable {

    private final HttpServer server;

    private MessageInbox(HttpServer server) {
        this.server = server;
    }

    public static MessageInbox start(int port, SmscServer smsc, MailServer mail) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/sms/mo", exchange -> {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    send(exchange, 405, "text/plain", "POST from=…&to=…&text=…");
                    return;
                }
                Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                try {
                    smsc.sendMobileOriginated(form.getOrDefault("from", ""), form.getOrDefault("to", ""),
                            form.getOrDefault("text", ""));
                    send(exchange, 202, "text/plain", "sent\n");
                } catch (StackException e) {
                    send(exchange, 409, "text/plain", e.getMessage() + "\n");
                }
            });
            server.createContext("/sms", exchange -> send(exchange, 200, "application/json",
                    json.writeValueAsString(Map.of("messages", smsc.messages(), "mobileOriginated",
                            smsc.mobileOriginated(), "refusedSubmits", smsc.refusedSubmits()))));
            server.createContext("/mail", exchange -> {
                String path = exchange.getRequestURI().getPath();
                var mails = mail.received();
                if (path.matches("/mail/\\d+\\.eml")) {
                    int n = Integer.parseInt(path.substring(6, path.length() - 4));
                    if (n < 1 || n > mails.size()) {
                        send(exchange, 404, "text/plain", "no message " + n + "\n");
                    } else {
                        send(exchange, 200, "message/rfc822", mails.get(n - 1).raw());
                    }
                    return;
                }
                var summaries = mails.stream().map(m -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("at", m.at());
                    summary.put("from", m.from());
                    summary.put("to", m.to());
                    summary.put("subject", m.subject());
                    summary.put("messageId", m.messageId());
                    summary.put("text", m.text());
                    return summary;
                }).toList();
                send(exchange, 200, "application/json", json.writeValueAsString(summaries));
            });
            server.createContext("/", exchange -> send(exchange, 200, "text/plain", """
                    Tocsin local inbox
                      GET  /sms            what the SMSC received (JSON)
                      GET  /mail           what the SMTP server received (JSON)
                      GET  /mail/<n>.eml   one message as sent (1 = oldest)
                      POST /sms/mo         from=33639980101&to=38100&text=STOP : a mobile-originated SMS
                    """));
            server.start();
            return new MessageInbox(server);
        } catch (IOException e) {
            throw new StackException("Cannot start the message inbox on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
