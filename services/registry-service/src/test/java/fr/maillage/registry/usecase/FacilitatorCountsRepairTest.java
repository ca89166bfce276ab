package fr.maillage.registry.usecase;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.registry.domain.CommuneRef;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.store.FacilitatorTallies;
import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic repair of facilitator counts, on a database of its own, counting the commands it
 * sends: the store has no secondary index, so each command that filters a collection reads all of it.
 */
@WithTestStack
class FacilitatorCountsRepairTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final CommuneRef NANTES = new CommuneRef("44109", "Nantes", "44", "52", "Nantes Métropole", "244400404",
            "FROM_100000");

    /** The commands sent to the store: name and collection. */
    record Command(String name, String collection) {
    }

    final Queue<Command> commands = new ConcurrentLinkedQueue<>();
    MongoClient client;
    MongoDatabase database;
    AggregateStore<ThirdPlace> places;
    AggregateStore<Facilitator> facilitators;
    FacilitatorCounts counts;

    @BeforeEach
    void connect() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                var target = event.getCommand().get(event.getCommandName());
                commands.add(new Command(event.getCommandName(), target != null && target.isString()
                        ? target.asString().getValue() : null));
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestStack.mongoUri())).addCommandListener(listener).build());
        database = client.getDatabase("registry-repair-" + UUID.randomUUID());
        // never started: the events written here are not published
        OutboxRelay relay = new OutboxRelay(database, List.of(), null, Duration.ofSeconds(1), null);
        places = new AggregateStore<>(database.getCollection("third_places"), ThirdPlace.class, relay);
        facilitators = new AggregateStore<>(database.getCollection("facilitators"), Facilitator.class, relay);
        counts = new FacilitatorCounts(new FacilitatorTallies(database),
                new PlaceChanges(places, Clock.systemUTC()));
    }

    @AfterEach
    void drop() {
        database.drop();
        client.close();
    }

    @Test
    void theRepairReadsTheFacilitatorsOnceAndRecountsOnlyThePlacesWhoseCountsAreWrong() {
        int rightPlaces = 300;
        for (int i = 0; i < rightPlaces; i++) {
            placeWithCounts("tl-" + i, 1, 0);
            facilitatorAt("tl-" + i);
        }
        placeWithCounts("tl-overcounted", 3, 2);
        facilitatorAt("tl-overcounted");
        placeWithCounts("tl-uncounted", 0, 0); // a crash between the facilitator's write and the place's
        facilitatorAt("tl-uncounted");
        commands.clear();

        counts.repairAll();

        assertThat(stored("tl-overcounted").facilitators()).isEqualTo(1);
        assertThat(stored("tl-overcounted").certifiedFacilitators()).isZero();
        assertThat(stored("tl-uncounted").facilitators()).isEqualTo(1);
        assertThat(stored("tl-0").version()).as("right counts are left as they are").isEqualTo(2);
        int repaired = 2;
        assertThat(sentTo("facilitators")).as("one grouped pass, then two counts per repaired place, whatever the"
                + " number of places").isLessThanOrEqualTo(1 + 2 * repaired);
        assertThat(commands).filteredOn(command -> command.name().equals("update")).hasSize(repaired);
    }

    @Test
    void countsThatCouldNotFollowAWriteAreLeftForTheShortRetryNotForTheNextPass() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        FacilitatorTallies flaky = new FacilitatorTallies(database) {
            @Override
            public Counts of(String thirdPlaceId) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new MongoTimeoutException("the store is away for a moment");
                }
                return super.of(thirdPlaceId);
            }
        };
        FacilitatorCounts afterWrites = new FacilitatorCounts(flaky, new PlaceChanges(places, Clock.systemUTC()));
        placeWithCounts("tl-busy", 0, 0);
        facilitatorAt("tl-busy");

        afterWrites.refreshAfterWrite("tl-busy");
        assertThat(stored("tl-busy").facilitators()).as("the facilitator's write stands, its place's counts lag").isZero();
        afterWrites.retryBehind();

        assertThat(stored("tl-busy").facilitators()).isEqualTo(1);
        int version = (int) stored("tl-busy").version();
        afterWrites.retryBehind();
        assertThat(stored("tl-busy").version()).as("counted once: nothing is left behind").isEqualTo(version);
    }

    private void placeWithCounts(String id, int total, int certified) {
        ThirdPlace registered = ThirdPlace.register(id, new ThirdPlaceDetails("Lieu " + id, null, null, null, NANTES,
                null, null, Set.of(), null, null, null, null, null), null, NOW).place();
        ThirdPlace counted = registered.countFacilitators(total, certified, NOW)
                instanceof Outcome.Changed<ThirdPlace.Change> changed ? changed.change().place() : registered;
        places.insert(id, counted.version(), counted, List.of());
    }

    private void facilitatorAt(String placeId) {
        Facilitator facilitator = Facilitator.register(UUID.randomUUID().toString(), placeId,
                new Facilitator.Person("Camille", "Martin", null, null), NOW).facilitator();
        facilitators.insert(facilitator.id(), facilitator.version(), facilitator, List.of());
    }

    private ThirdPlace stored(String id) {
        return places.find(id).orElseThrow().state();
    }

    /** Commands that read a collection through a filter (the continuation of a cursor is the same read). */
    private long sentTo(String collection) {
        return commands.stream().filter(command -> collection.equals(command.collection())
                && !command.name().equals("getMore")).count();
    }
}
