package fr.maillage.activity.api;

import fr.maillage.messaging.KafkaSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

/**
 * Cuts the service off from Kafka without stopping the broker the other tests share: while it
 * lasts, the service's producer is a real, identically configured producer whose bootstrap is a
 * port nobody listens on.
 */
final class KafkaOutage {

    private final Producer<String, byte[]> live;
    private final KafkaSettings settings;
    private volatile Producer<String, byte[]> dead;

    private KafkaOutage(Producer<String, byte[]> live, KafkaSettings settings) {
        this.live = live;
        this.settings = settings;
    }

    synchronized void during(Runnable action) {
        Map<String, Object> config = new KafkaSettings("localhost:" + unusedPort(), "activity-test-outage",
                settings.partitions(), settings.replicationFactor()).producerConfig("events");
        dead = new KafkaProducer<>(config);
        try {
            action.run();
        } finally {
            Producer<String, byte[]> closing = dead;
            dead = null;
            closing.close(Duration.ZERO);
        }
    }

    @SuppressWarnings("unchecked")
    private Producer<String, byte[]> switchable() {
        return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[]{Producer.class}, (proxy, method, args) -> {
                    try {
                        Producer<String, byte[]> outage = dead;
                        return method.invoke(outage != null ? outage : live, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        KafkaOutage kafkaOutage(@Qualifier("eventProducer") Producer<String, byte[]> live, KafkaSettings settings) {
            return new KafkaOutage(live, settings);
        }

        /** The producer the service uses; the auto-configured one closes itself. */
        @Bean(destroyMethod = "")
        @Primary
        Producer<String, byte[]> switchableProducer(KafkaOutage outage) {
            return outage.switchable();
        }
    }
}
