package fr.maillage.messaging;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.Contracts;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithTestStack
class EventConsumerTest {

    private final MongoDatabase database = MessagingFixtures.database();
    private final Producer<String, byte[]> producer = MessagingFixtures.producer();
    private final String topic = MessagingFixtures.newTopic("consume");
    private final Checkpoints checkpoints = new Checkpoints(database);
    private final DeadLetters deadLetters = new DeadLetters(producer);
    private EventConsumer consumer;

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.stop();
        }
        producer.close();
    }

    private EventConsumer start(String name, EventHandler handler) {
        consumer = new EventConsumer(name, List.of(topic), MessagingFixtures.settings(), 100, checkpoints,
                deadLetters, handler);
        consumer.start();
        return consumer;
    }

    private void send(String key, int version) throws Exception {
        producer.send(KafkaHeaders.toRecord(topic, key, MessagingFixtures.registered(key, version))).get();
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndConsumptionGoesOn() throws Exception {
        Set<String> applied = ConcurrentHashMap.newKeySet();
        start("poison", batch -> batch.forEach(e -> applied.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())));

        send("tl-1", 1);
        producer.send(new ProducerRecord<>(topic, "tl-2", "not json".getBytes(StandardCharsets.UTF_8))).get();
        ProducerRecord<String, byte[]> breaksContract = KafkaHeaders.toRecord(topic, "tl-3", MessagingFixtures.registered("tl-3", 1));
        ProducerRecord<String, byte[]> withBadPayload = new ProducerRecord<>(topic, "tl-3",
                "{\"thirdPlaceId\":\"tl-3\"}".getBytes(StandardCharsets.UTF_8));
        breaksContract.headers().forEach(header -> withBadPayload.headers().add(header));
        producer.send(withBadPayload).get();
        ProducerRecord<String, byte[]> nullPayload = new ProducerRecord<>(topic, "tl-5",
                "null".getBytes(StandardCharsets.UTF_8)); // JSON that reads as no event at all
        breaksContract.headers().forEach(header -> nullPayload.headers().add(header));
        producer.send(nullPayload).get();
        send("tl-4", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> applied.containsAll(Set.of("tl-1", "tl-4")));
        List<ConsumerRecord<String, byte[]>> dead = MessagingFixtures.readUntil(DeadLetters.topicFor(topic), r -> r.size() >= 3);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("tl-2", "tl-3", "tl-5");
        assertThat(dead).allSatisfy(record -> {
            assertThat(record.headers().lastHeader(DeadLetters.REASON)).isNotNull();
            assertThat(new String(record.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(topic);
        });
        assertThat(applied).doesNotContain("tl-2", "tl-3", "tl-5");
        // counted once the batch's checkpoint is saved, after the dead letters were acknowledged
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.deadLetteredCount() == 3);
    }

    @Test
    void aTypeOrAFieldOfALaterVersionOrARetiredTypeIsSkippedOrIgnoredNeverDeadLettered() throws Exception {
        List<String> applied = new CopyOnWriteArrayList<>();
        start("forward", batch -> batch.forEach(e -> applied.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())));

        // a type this consumer does not know yet (a producer's new type, or a v2 beside the v1)
        ProducerRecord<String, byte[]> renamed = KafkaHeaders.toRecord(topic, "tl-1", MessagingFixtures.registered("tl-1", 1));
        renamed.headers().remove("ce_type");
        renamed.headers().add("ce_type", "fr.maillage.registry.third-place.renamed.v1".getBytes(StandardCharsets.UTF_8));
        producer.send(renamed).get();
        // a known type with fields a later producer added, at the top and inside the state
        ProducerRecord<String, byte[]> registered = KafkaHeaders.toRecord(topic, "tl-2", MessagingFixtures.registered("tl-2", 1));
        String json = new String(registered.value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"place\":{");
        String extended = "{\"futureField\":1," + json.substring(1).replace("\"place\":{", "\"place\":{\"futureField\":[2],");
        ProducerRecord<String, byte[]> withFields = new ProducerRecord<>(topic, "tl-2",
                extended.getBytes(StandardCharsets.UTF_8));
        registered.headers().forEach(header -> withFields.headers().add(header));
        producer.send(withFields).get();
        // a type no producer publishes any more, on the partition of tl-3 before it: skipped, not unknown
        ProducerRecord<String, byte[]> retired = KafkaHeaders.toRecord(topic, "tl-3", MessagingFixtures.registered("tl-3", 1));
        retired.headers().remove("ce_type");
        retired.headers().add("ce_type", Contracts.RETIRED.get(0).ceType().getBytes(StandardCharsets.UTF_8));
        producer.send(retired).get();
        send("tl-3", 1);

        // the three keys may land on different partitions: no order between them is promised
        await().atMost(Duration.ofSeconds(30)).until(() ->
                applied.containsAll(List.of("tl-2", "tl-3")) && consumer.unknownTypeCount() == 1);
        // every record's fate saved with the checkpoint, dead letters sent before it: none may be pending
        awaitCheckpointAtTheEnd("forward");
        assertThat(applied).containsExactlyInAnyOrder("tl-2", "tl-3");
        assertThat(consumer.unknownTypeCount()).isEqualTo(1);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).isZero();
    }

    private void awaitCheckpointAtTheEnd(String consumerName) {
        Map<String, Long> ends = MessagingFixtures.endPositions(topic);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Long> saved = checkpoints.positions(consumerName);
            return ends.entrySet().stream().allMatch(end -> saved.getOrDefault(end.getKey(), 0L) >= end.getValue());
        });
    }

    /** A handler that fails as one whose store is away does (a real outage: `ChaosSystemTest` stops the store). */
    @Test
    void aHandlerFailingOnItsStoreIsRetriedNotDeadLettered() throws Exception {
        AtomicBoolean storeDown = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        Set<String> applied = ConcurrentHashMap.newKeySet();
        start("outage", batch -> {
            attempts.incrementAndGet();
            if (storeDown.get()) {
                throw new IllegalStateException("MongoDB unreachable");
            }
            batch.forEach(e -> applied.add(e.key()));
        });

        send("tl-1", 1);
        send("tl-2", 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= 2);
        assertThat(consumer.state()).isEqualTo(EventConsumer.State.PAUSED);
        assertThat(health().getStatus().getCode()).isEqualTo("DEGRADED"); // what /actuator/health shows meanwhile
        assertThat(health().getDetails().toString()).contains("PAUSED", "MongoDB unreachable");
        storeDown.set(false);

        await().atMost(Duration.ofSeconds(30)).until(() -> applied.containsAll(Set.of("tl-1", "tl-2")));
        assertThat(consumer.deadLetteredCount()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.state() == EventConsumer.State.RUNNING);
        assertThat(health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aPoisonRecordIsDeadLetteredOnceWhileTheCheckpointCannotBeSaved() throws Exception {
        // the store is down after the dead letter went out: the batch is retried until it is back
        AtomicBoolean storeDown = new AtomicBoolean(true);
        AtomicInteger failedSaves = new AtomicInteger();
        Checkpoints failing = Mockito.spy(checkpoints);
        Mockito.doAnswer(call -> {
            if (storeDown.get()) {
                failedSaves.incrementAndGet();
                throw new IllegalStateException("MongoDB unreachable");
            }
            return call.callRealMethod();
        }).when(failing).save(Mockito.anyString(), Mockito.anyMap(), Mockito.anyCollection());
        consumer = new EventConsumer("outage-poison", List.of(topic), MessagingFixtures.settings(), 100, failing,
                deadLetters, batch -> { });
        consumer.start();
        producer.send(new ProducerRecord<>(topic, "tl-1", "not json".getBytes(StandardCharsets.UTF_8))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> failedSaves.get() >= 3);
        storeDown.set(false);

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deadLetteredCount() == 1);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).as("sent once, not once per retry").isEqualTo(1);
    }

    @Test
    void aReplaySkipsThePoisonTheConsumerItReplaysDeadLetteredAndDeadLettersWhatCameAfter() throws Exception {
        producer.send(new ProducerRecord<>(topic, "tl-1", "not json".getBytes(StandardCharsets.UTF_8))).get();
        EventConsumer live = start("live", batch -> { });
        await().atMost(Duration.ofSeconds(30)).until(() -> live.deadLetteredCount() == 1);
        live.stop();

        // a rebuild reads the topic again from offset zero
        consumer = new EventConsumer("live-rebuild-1", List.of(topic), MessagingFixtures.settings(), 100, checkpoints,
                deadLetters, batch -> { }).replaying("live");
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deadLetteredCount() == 1);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).as("not sent again").isEqualTo(1);

        // past what the live consumer read, the replay dead-letters: it may have become the live one
        producer.send(new ProducerRecord<>(topic, "tl-2", "not json".getBytes(StandardCharsets.UTF_8))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deadLetteredCount() == 2);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).isEqualTo(2);
        consumer.stop();

        // the next rebuild replays the one that became live: it skips both, the one it skipped too
        consumer = new EventConsumer("live-rebuild-2", List.of(topic), MessagingFixtures.settings(), 100, checkpoints,
                deadLetters, batch -> { }).replaying("live-rebuild-1");
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deadLetteredCount() == 2);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).as("neither sent again").isEqualTo(2);
    }

    @Test
    void aReplayDeadLettersARecordTheConsumerItReplaysAcceptedBeforeItWasFoundPoison() throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, "tl-1", "not json".getBytes(StandardCharsets.UTF_8))).get();
        // an earlier version read past it without finding it poison: it is in no dead-letter topic
        checkpoints.save("earlier", Map.of(ReceivedEvent.sourceOf(topic, 0), 1L));

        consumer = new EventConsumer("earlier-rebuild-1", List.of(topic), MessagingFixtures.settings(), 100, checkpoints,
                deadLetters, batch -> { }).replaying("earlier");
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.deadLetteredCount() == 1);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).as("not dropped").isEqualTo(1);
    }

    @Test
    void manyPoisonRecordsLeaveTheCheckpointAsSmallAsItWasAndTheNextEventIsApplied() throws Exception {
        Set<String> applied = ConcurrentHashMap.newKeySet();
        start("much-poison", batch -> batch.forEach(e -> applied.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())));
        int poison = 300; // each is sent to the dead-letter topic and acknowledged in turn: enough to see the layout
        for (int i = 0; i < poison; i++) {
            producer.send(new ProducerRecord<>(topic, "tl-" + i, ("not json " + i).getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        send("tl-after", 1);

        // on three partitions: the valid event may be applied before the poison of the others
        await().atMost(Duration.ofSeconds(120)).until(() -> applied.contains("tl-after")
                && consumer.deadLetteredCount() == poison);
        assertThat(consumer.state()).isEqualTo(EventConsumer.State.RUNNING);
        // one small document per dead letter; the checkpoint holds the positions only
        org.bson.Document checkpoint = database.getCollection("consumer_checkpoints")
                .find(new org.bson.Document("_id", "much-poison")).first();
        assertThat(checkpoint).isNotNull();
        assertThat(checkpoint.keySet()).containsExactlyInAnyOrder("_id", "positions");
        assertThat(database.getCollection("consumer_dead_letters").countDocuments(new org.bson.Document("consumer", "much-poison")))
                .isEqualTo(poison);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).isEqualTo(poison);
    }

    @Test
    void aPoisonRecordOneInstanceDeadLetteredIsNotSentAgainByAnotherInstancesReplica() throws Exception {
        producer.send(new ProducerRecord<>(topic, "tl-1", "not json".getBytes(StandardCharsets.UTF_8))).get();
        send("tl-2", 1);
        Set<String> first = ConcurrentHashMap.newKeySet();
        consumer = EventConsumer.onEveryInstance("replica", List.of(topic), MessagingFixtures.settings(), 100, checkpoints,
                deadLetters, batch -> batch.forEach(e -> first.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())),
                Map.of());
        consumer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.contains("tl-2") && consumer.deadLetteredCount() == 1);
        assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).isEqualTo(1);

        // a second instance starts: its replica reads every partition from the start, in a group of its own
        Set<String> second = ConcurrentHashMap.newKeySet();
        EventConsumer other = EventConsumer.onEveryInstance("replica", List.of(topic), MessagingFixtures.settings(), 100,
                checkpoints, deadLetters,
                batch -> batch.forEach(e -> second.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())), Map.of());
        other.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> second.contains("tl-2") && other.deadLetteredCount() == 1);
            assertThat(MessagingFixtures.count(DeadLetters.topicFor(topic))).as("sent by the first instance only")
                    .isEqualTo(1);
        } finally {
            other.stop();
        }
    }

    @Test
    void aPoisonRecordTooLargeForTheDeadLetterTopicGoesThereWithoutItsValueAndConsumptionGoesOn() throws Exception {
        Set<String> applied = ConcurrentHashMap.newKeySet();
        start("large-poison", batch -> batch.forEach(e -> applied.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId())));
        // fits the producer's 1 MiB request with its key and the batch's overhead; with the dead-letter
        // headers added (a few hundred bytes), no longer
        byte[] value = new byte[1_048_576 - 120];
        java.util.Arrays.fill(value, (byte) 'x');
        producer.send(new ProducerRecord<>(topic, 0, "tl-big", value)).get();
        producer.send(KafkaHeaders.toRecord(topic, "tl-big", MessagingFixtures.registered("tl-big", 1))).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> applied.contains("tl-big"));
        assertThat(consumer.state()).isEqualTo(EventConsumer.State.RUNNING);
        List<ConsumerRecord<String, byte[]>> dead = MessagingFixtures.readUntil(DeadLetters.topicFor(topic),
                records -> records.size() == 1);
        ConsumerRecord<String, byte[]> letter = dead.get(0);
        assertThat(letter.key()).isEqualTo("tl-big");
        assertThat(letter.value() == null).as("the value is left at its source").isTrue();
        assertThat(new String(letter.headers().lastHeader(DeadLetters.VALUE_DROPPED).value(), StandardCharsets.UTF_8))
                .startsWith(value.length + " bytes");
        assertThat(new String(letter.headers().lastHeader(DeadLetters.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("0");
    }

    private Health health() {
        return MessagingAutoConfiguration.describe(Health.up(), List.of(consumer)).build();
    }

    @Test
    void aRestartResumesFromTheStoresCheckpointAndALostStoreReplaysFromTheStart() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            send("tl-" + i, 1);
        }
        start("resume", batch -> seen.addAndGet(batch.size()));
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.get() == 10);
        consumer.stop();

        send("tl-10", 1);
        AtomicInteger afterRestart = new AtomicInteger();
        start("resume", batch -> afterRestart.addAndGet(batch.size()));
        await().atMost(Duration.ofSeconds(30)).until(() -> afterRestart.get() >= 1);
        assertThat(afterRestart.get()).isEqualTo(1);
        consumer.stop();

        checkpoints.reset("resume");
        AtomicInteger replayed = new AtomicInteger();
        start("resume", batch -> replayed.addAndGet(batch.size()));
        await().atMost(Duration.ofSeconds(30)).until(() -> replayed.get() >= 11);
        assertThat(replayed.get()).isEqualTo(11);
    }

    @Test
    void consumersSharingAGroupSplitThePartitionsAndApplyEachEventOnceBetweenThem() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<String> applied = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<EventConsumer> sharing = EventConsumer.sharing("sharing", List.of(topic), MessagingFixtures.settings(),
                100, checkpoints, deadLetters, batch -> {
                    threads.add(Thread.currentThread().getName());
                    batch.forEach(e -> applied.add(e.payload(ThirdPlaceRegistered.class).thirdPlaceId()));
                }, 3);
        sharing.forEach(EventConsumer::start);
        try {
            // each has partitions once the group has settled (a consumer becomes RUNNING when assigned some)
            await().atMost(Duration.ofSeconds(60)).until(() -> sharing.stream()
                    .allMatch(c -> c.state() == EventConsumer.State.RUNNING));
            for (int i = 0; i < 60; i++) {
                send("tl-" + i, 1);
            }
            // every batch applied and its checkpoint written (a batch applied again later, after a
            // rebalance, could still escape this check: it catches those applied twice before)
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    checkpoints.positions("sharing").values().stream().mapToLong(Long::longValue).sum() == 60
                            && sharing.stream().mapToLong(EventConsumer::appliedCount).sum() >= 60);
            assertThat(applied).hasSize(60).doesNotHaveDuplicates();
            assertThat(sharing.stream().mapToLong(EventConsumer::appliedCount).sum()).isEqualTo(60);
            assertThat(sharing).extracting(EventConsumer::label)
                    .containsExactly("sharing-1", "sharing-2", "sharing-3");
            assertThat(sharing).extracting(EventConsumer::name).containsOnly("sharing");
            assertThat(threads).as("batches were applied by more than one of the consumers").hasSizeGreaterThan(1);
        } finally {
            sharing.forEach(EventConsumer::stop);
        }
    }
}
