package fr.maillage.messaging;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import fr.maillage.events.CloudEvent;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@WithTestStack
class OutboxRelayTest {

    private final MongoDatabase database = MessagingFixtures.database();
    private final Producer<String, byte[]> producer = MessagingFixtures.producer();
    private final String topic = MessagingFixtures.newTopic("outbox");

    @AfterEach
    void close() {
        producer.close();
    }

    record Note(String text) {
    }

    private OutboxRelay relay() {
        return new OutboxRelay(database, List.of("places"), producer, Duration.ofMillis(100), null);
    }

    /** What the first send does instead of sending: answers or throws. */
    private interface FirstSend {
        Object instead() throws Throwable;
    }

    /** The test's producer, but for its first send; {@code sends} counts them all. */
    @SuppressWarnings("unchecked")
    private Producer<String, byte[]> withFirstSend(AtomicInteger sends, FirstSend first) {
        return (Producer<String, byte[]>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[]{Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send") && sends.getAndIncrement() == 0) {
                        return first.instead();
                    }
                    try {
                        return method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aCrashBetweenTheStateWriteAndThePublishLosesNothing() {
        // the state and its events are written together, then the process dies before any publish
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        for (int i = 0; i < 5; i++) {
            store.insert("tl-" + i, 1, new Note("state " + i), List.of(OutboxEntry.of(topic, "tl-" + i,
                    MessagingFixtures.registered("tl-" + i, 1))));
        }

        // after the restart, a new relay finds the pending events in the documents; what Kafka did
        // not acknowledge in time is left for its next pass
        OutboxRelay restarted = relay();
        AtomicInteger published = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).until(() -> published.addAndGet(restarted.relayOnce()) >= 5);

        assertThat(published.get()).as("each entry confirmed once").isEqualTo(5);
        assertThat(MessagingFixtures.readUntil(topic, records -> records.size() >= 5))
                .extracting(ConsumerRecord::key).as("every event, once or more (at least once)").containsOnly("tl-0", "tl-1", "tl-2", "tl-3", "tl-4");
        assertThat(database.getCollection("places").countDocuments(Filters.exists("outbox.0"))).isZero();
    }

    @Test
    void aWrittenDocumentIsPublishedByItsIdWithoutAFullScan() {
        OutboxRelay relay = relay();
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay);
        store.insert("tl-quiet", 1, new Note("no event"), List.of());
        store.insert("tl-id", 1, new Note("v1"), List.of(OutboxEntry.of(topic, "tl-id",
                MessagingFixtures.registered("tl-id", 1))));
        // an entry written behind the relay's back (another instance, say): only a full scan finds it
        database.getCollection("places").insertOne(new Document("_id", "tl-elsewhere").append("version", 1)
                .append("outbox", List.of(OutboxEntry.of(topic, "tl-elsewhere",
                        MessagingFixtures.registered("tl-elsewhere", 1)).toDocument())));

        // the store handed both ids to the relay; one has an event, the other none
        assertThat(relay.relayDirty()).isEqualTo(1);
        assertThat(relay.relayDirty()).as("nothing left to hand over").isZero();
        assertThat(database.getCollection("places").find(Filters.eq("_id", "tl-elsewhere")).first()
                .getList("outbox", Document.class)).as("not looked for: no full scan").hasSize(1);

        assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                .extracting(ConsumerRecord::key).containsExactly("tl-id");
        assertThat(database.getCollection("places").find(Filters.eq("_id", "tl-id")).first()
                .getList("outbox", Document.class)).isEmpty();
    }

    @Test
    void aBacklogOfMoreThanOnePageIsPublishedWithoutWaitingForTheNextPeriodicScan() {
        // an import wrote 1,200 places with their events, then the process died before any publish
        String collection = "imported-" + topic;
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection(collection), Note.class,
                new OutboxRelay(database, List.of(collection), producer, Duration.ofMillis(100), null));
        int places = 1_200;
        for (int i = 0; i < places; i++) {
            store.insert("tl-" + i, 1, new Note("imported"), List.of(OutboxEntry.of(topic, "tl-" + i,
                    MessagingFixtures.registered("tl-" + i, 1))));
        }

        // after the restart the relay's first scan finds a full page of 500: it scans again at
        // once, rather than leaving the rest to the periodic scan (here an hour later)
        OutboxRelay relay = new OutboxRelay(database, List.of(collection), producer, Duration.ofMillis(100), null,
                Duration.ofHours(1));
        relay.start();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> database.getCollection(collection).countDocuments(Filters.exists("outbox.0")) == 0);
        } finally {
            relay.stop();
        }
        assertThat(MessagingFixtures.readUntil(topic, records -> records.size() >= places)).hasSize(places);
    }

    @Test
    void eventsOfOneAggregateLeaveInOrderUnderItsKey() {
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        List<CloudEvent> events = IntStream.rangeClosed(1, 20).mapToObj(v -> MessagingFixtures.registered("tl-x", v)).toList();
        store.insert("tl-x", 1, new Note("v1"), List.of(OutboxEntry.of(topic, "tl-x", events.get(0))));
        for (int v = 2; v <= 20; v++) {
            store.update("tl-x", v - 1, v, new Note("v" + v), List.of(OutboxEntry.of(topic, "tl-x", events.get(v - 1))));
        }

        relay().relayOnce();

        List<ConsumerRecord<String, byte[]>> records = MessagingFixtures.readUntil(topic, r -> r.size() >= 20);
        assertThat(records).extracting(record -> KafkaHeaders.toCloudEvent(record).id())
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
    }

    @Test
    void anEventKafkaRefusesForGoodIsSetAsideAndTheEventsAfterItGoOn() {
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        CloudEvent huge = MessagingFixtures.registered("tl-huge", 1);
        CloudEvent hugeEvent = new CloudEvent(huge.id(), huge.source(), huge.type(), huge.subject(), huge.time(),
                huge.dataSchema(), new byte[1_100_000]); // over the producer's 1 MiB a request
        CloudEvent next = MessagingFixtures.registered("tl-huge", 2);
        store.insert("tl-huge", 2, new Note("v2"), List.of(OutboxEntry.of(topic, "tl-huge", hugeEvent),
                OutboxEntry.of(topic, "tl-huge", next)));

        OutboxRelay relay = relay();
        relay.relayOnce(); // the refusal is known at once: the next entry waits for the next pass
        relay.relayOnce();
        relay.relayOnce();

        assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(next.id());
        Document place = database.getCollection("places").find(Filters.eq("_id", "tl-huge")).first();
        assertThat(place.getList(OutboxEntry.FIELD, Document.class)).isEmpty();
        assertThat(place.getList(OutboxRelay.REFUSED_FIELD, Document.class)).singleElement().satisfies(aside -> {
            assertThat(aside.get("entry", Document.class).getString("eventId")).isEqualTo(huge.id());
            assertThat(aside.getString("reason")).isNotBlank();
        });
        assertThat(place.get(OutboxRelay.LEASE_FIELD)).isNull();
    }

    @Test
    void theEventsBehindOneSetAsideLeaveAtOnceNotAtTheNextFullScan() throws Exception {
        OutboxRelay relay = relay();
        relay.start();
        try {
            Thread.sleep(500); // the scan every start begins with is over: what follows takes the wake-ups' path
            AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay);
            CloudEvent huge = MessagingFixtures.registered("tl-behind", 1);
            CloudEvent next = MessagingFixtures.registered("tl-behind", 2);
            store.insert("tl-behind", 2, new Note("v2"), List.of(OutboxEntry.of(topic, "tl-behind",
                    new CloudEvent(huge.id(), huge.source(), huge.type(), huge.subject(), huge.time(), huge.dataSchema(),
                            new byte[1_100_000])), OutboxEntry.of(topic, "tl-behind", next)));

            long started = System.nanoTime();
            assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                    .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(next.id());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the next full scan, 30 s on")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            relay.stop();
        }
    }

    @Test
    void whatWasWrittenJustBeforeTheRelayStopsIsPublishedBeforeItEnds() throws Exception {
        OutboxRelay relay = new OutboxRelay(database, List.of("places"), producer, Duration.ofSeconds(5), null,
                Duration.ofMinutes(10));
        relay.start();
        Thread.sleep(500); // its first scan is over: the next would be in ten minutes
        // an import's write: many documents, one wake-up for a scan, then the instance stops
        CloudEvent imported = MessagingFixtures.registered("tl-last", 1);
        database.getCollection("places").insertOne(new Document("_id", "tl-last").append("version", 1)
                .append(OutboxEntry.FIELD, List.of(OutboxEntry.of(topic, "tl-last", imported).toDocument())));
        relay.wakeUp();
        relay.stop();

        assertThat(database.getCollection("places").countDocuments(Filters.and(Filters.eq("_id", "tl-last"),
                Filters.exists(OutboxEntry.FIELD + ".0")))).as("published by the relay's last pass").isZero();
        assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(imported.id());
    }

    @Test
    void anErrorInAPassDoesNotEndTheRelay() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        Producer<String, byte[]> failingOnce = withFirstSend(sends, () -> {
            throw new NoClassDefFoundError("a class that failed to load, in the test");
        });
        OutboxRelay relay = new OutboxRelay(database, List.of("places"), failingOnce, Duration.ofMillis(100), null,
                Duration.ofMinutes(10));
        relay.start();
        try {
            AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay);
            CloudEvent event = MessagingFixtures.registered("tl-error", 1);
            store.insert("tl-error", 1, new Note("v1"), List.of(OutboxEntry.of(topic, "tl-error", event)));

            assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                    .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(event.id());
            assertThat(sends.get()).isGreaterThan(1);
        } finally {
            relay.stop();
        }
    }

    @Test
    void afterASendThatTimedOutTheDocumentIsLeftAloneAWhileThenSentInOrder() {
        AtomicInteger sends = new AtomicInteger();
        // the first send times out (its record may still land): the relay must not send newer ones at once
        Producer<String, byte[]> flaky = withFirstSend(sends,
                () -> CompletableFuture.failedFuture(new TimeoutException("expired in the test")));
        OutboxRelay relay = new OutboxRelay(database, List.of("places"), flaky, Duration.ofMillis(100), null,
                Duration.ofSeconds(30), Duration.ofMillis(800));
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay);
        List<CloudEvent> events = List.of(MessagingFixtures.registered("tl-late", 1), MessagingFixtures.registered("tl-late", 2));
        store.insert("tl-late", 2, new Note("v2"), events.stream().map(e -> OutboxEntry.of(topic, "tl-late", e)).toList());

        assertThat(relay.relayOnce()).isZero();
        assertThat(sends.get()).as("the entry after the failed one is not sent").isEqualTo(1);
        assertThat(relay.relayOnce()).as("held, by this relay too").isZero();
        assertThat(sends.get()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> relay.relayOnce() == 2);
        assertThat(MessagingFixtures.readUntil(topic, records -> records.size() >= 2))
                .extracting(record -> KafkaHeaders.toCloudEvent(record).id())
                .containsExactlyElementsOf(events.stream().map(CloudEvent::id).toList());
    }

    @Test
    void aDocumentAnotherRelayIsPublishingIsLeftToItUntilItsLeaseRunsOut() {
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        CloudEvent event = MessagingFixtures.registered("tl-lease", 1);
        store.insert("tl-lease", 1, new Note("v1"), List.of(OutboxEntry.of(topic, "tl-lease", event)));
        var places = database.getCollection("places");
        // another instance's relay claimed the document and waits for Kafka's answer
        places.updateOne(Filters.eq("_id", "tl-lease"), Updates.set(OutboxRelay.LEASE_FIELD,
                new Document("owner", "another-instance").append("until", System.currentTimeMillis() + 60_000)));

        assertThat(relay().relayOnce()).as("left to the relay that claimed it").isZero();
        assertThat(places.find(Filters.eq("_id", "tl-lease")).first().getList("outbox", Document.class)).hasSize(1);

        // that instance died: its lease runs out and the next relay publishes the entries
        places.updateOne(Filters.eq("_id", "tl-lease"), Updates.set(OutboxRelay.LEASE_FIELD + ".until", 0L));
        assertThat(relay().relayOnce()).isEqualTo(1);

        assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(event.id());
        Document after = places.find(Filters.eq("_id", "tl-lease")).first();
        assertThat(after.getList("outbox", Document.class)).isEmpty();
        assertThat(after).as("the lease given back").doesNotContainKey(OutboxRelay.LEASE_FIELD);
    }

    @Test
    void aWakeUpForADocumentAnotherRelayIsPublishingIsTriedAgainOnceThatRelayIsDone() {
        OutboxRelay relay = relay();
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay);
        CloudEvent e1 = MessagingFixtures.registered("tl-busy", 1);
        CloudEvent e2 = MessagingFixtures.registered("tl-busy", 2);
        store.insert("tl-busy", 1, new Note("v1"), List.of(OutboxEntry.of(topic, "tl-busy", e1)));
        var places = database.getCollection("places");
        // another instance's relay claimed the document for e1 and waits for Kafka's answer
        places.updateOne(Filters.eq("_id", "tl-busy"), Updates.set(OutboxRelay.LEASE_FIELD,
                new Document("owner", "another-instance").append("until", System.currentTimeMillis() + 60_000)));
        store.update("tl-busy", 1, 2, new Note("v2"), List.of(OutboxEntry.of(topic, "tl-busy", e2)));

        assertThat(relay.relayDirty()).as("left to the relay that claimed it").isZero();
        assertThat(relay.relayDirty()).as("not tried again at once").isZero();

        // that relay published e1 and gave the lease back; it did not read e2, this relay was woken for it
        places.updateOne(Filters.eq("_id", "tl-busy"), Updates.combine(
                Updates.pull("outbox", new Document("eventId", e1.id())), Updates.unset(OutboxRelay.LEASE_FIELD)));
        AtomicInteger published = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.addAndGet(relay.relayDirty()) >= 1);

        assertThat(published.get()).isEqualTo(1);
        assertThat(MessagingFixtures.readUntil(topic, records -> !records.isEmpty()))
                .extracting(record -> KafkaHeaders.toCloudEvent(record).id()).containsExactly(e2.id());
        assertThat(places.find(Filters.eq("_id", "tl-busy")).first().getList("outbox", Document.class)).isEmpty();
    }

    @Test
    void aRepublishAfterACrashKeepsTheEventIds() {
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        CloudEvent event = MessagingFixtures.registered("tl-r", 1);
        OutboxEntry entry = OutboxEntry.of(topic, "tl-r", event);
        store.insert("tl-r", 1, new Note("v1"), List.of(entry));
        relay().relayOnce();
        // the process died after publishing and before removing the entry: it is still pending
        database.getCollection("places").updateOne(Filters.eq("_id", "tl-r"),
                Updates.push("outbox", entry.toDocument()));

        relay().relayOnce();

        List<ConsumerRecord<String, byte[]>> records = MessagingFixtures.readUntil(topic, r -> r.size() >= 2);
        assertThat(records).extracting(record -> KafkaHeaders.toCloudEvent(record).id())
                .containsExactly(event.id(), event.id());
    }

    @Test
    void anUpdateFromAStaleVersionIsRefusedAndLeavesNoEvent() {
        AggregateStore<Note> store = new AggregateStore<>(database.getCollection("places"), Note.class, relay());
        store.insert("tl-s", 1, new Note("v1"), List.of());
        assertThat(store.update("tl-s", 1, 2, new Note("v2"), List.of())).isTrue();

        boolean stale = store.update("tl-s", 1, 2, new Note("other"), List.of(OutboxEntry.of(topic, "tl-s",
                MessagingFixtures.registered("tl-s", 2))));

        assertThat(stale).isFalse();
        Document doc = database.getCollection("places").find(Filters.eq("_id", "tl-s")).first();
        assertThat(doc.getList("outbox", Document.class)).isEmpty();
        assertThat(store.find("tl-s").orElseThrow().state()).isEqualTo(new Note("v2"));
    }
}
