package fr.tocsin.localstack.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads the incident and live-number topics beside the services, without a consumer group (partitions assigned, read
 * from their end), to time each hop of an activation: when each event reached the broker (its record timestamp, set
 * by the producer on this machine's clock).
 */
final class TopicWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record as seen: its topic, key, value and timestamp (epoch milliseconds). */
    record Seen(String topic, String key, JsonNode value, long timestamp) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    TopicWatch(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.INCIDENTS, Topics.FALLBACK_NUMBERS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is declared
        reader = Thread.ofPlatform().name("topic-watch").daemon().start(this::read);
    }

    private void read() {
        while (!closed) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(new Seen(record.topic(), record.key(), JSON.readTree(record.value()), record.timestamp()));
                }
            } catch (IOException e) {
                // not JSON: not ours to time
            } catch (RuntimeException e) {
                if (!closed) {
                    throw e;
                }
            }
        }
        consumer.close(Duration.ofSeconds(1));
    }

    /** When the incident's version reached the topic, if it did. */
    OptionalLong incident(String id, long version) {
        return seen.stream().filter(s -> s.topic().equals(Topics.INCIDENTS) && id.equals(s.key()))
                .filter(s -> s.value().path("incident").path("version").asLong() == version)
                .mapToLong(Seen::timestamp).min();
    }

    /**
     * Per territory, when a set of at least {@code numbers} live numbers first reached the topic at or after
     * {@code since} (epoch milliseconds).
     */
    Map<String, Long> liveNumbers(long since, int numbers) {
        Map<String, Long> first = new HashMap<>();
        seen.stream().filter(s -> s.topic().equals(Topics.FALLBACK_NUMBERS) && s.timestamp() >= since)
                .filter(s -> s.value().path("numbers").size() >= numbers)
                .forEach(s -> first.merge(s.key(), s.timestamp(), Math::min));
        return first;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        reader.join(5_000);
    }
}
