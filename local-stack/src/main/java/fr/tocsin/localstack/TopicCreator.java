package fr.tocsin.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM on the broker's classpath (kafka-clients is only "provided" here): creates Tocsin's
 * topics as production declares them, compacted, before any service subscribes, so consumers see them at
 * once instead of after a metadata refresh.
 * <p>
 * Arguments: bootstrap servers, partitions, then topic names.
 */
public final class TopicCreator {

    private TopicCreator() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        List<String> topics = List.of(args).subList(2, args.length);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact"));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("Timed out creating topic " + topic, e);
                }
            }
        }
    }
}
