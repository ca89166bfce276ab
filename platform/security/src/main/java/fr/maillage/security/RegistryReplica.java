package fr.maillage.security;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.messaging.EventHandler;
import fr.maillage.messaging.ReceivedEvent;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a service knows of the registry: organisations (roles, territory, key hashes) and
 * tiers-lieux (operator, Fabrique label, network), built from the compacted state topic and kept
 * in the service's own MongoDB so a restart is fast. Answers key lookups from memory.
 */
public class RegistryReplica implements EventHandler, CallerDirectory {

    private static final Logger log = LoggerFactory.getLogger(RegistryReplica.class);

    private final MongoCollection<Document> organisations;
    private final MongoCollection<Document> thirdPlaces;
    private final Map<String, OrganisationState> organisationsById = new ConcurrentHashMap<>();
    private final Map<String, ThirdPlaceState> placesById = new ConcurrentHashMap<>();
    private volatile Map<String, Caller> callersByKeyHash = Map.of();
    private volatile Map<String, Long> loadedFrom = Map.of();

    public RegistryReplica(MongoDatabase database) {
        this.organisations = database.getCollection("registry_organisations");
        this.thirdPlaces = database.getCollection("registry_third_places");
    }

    /** Loads what the store already has; the consumer then resumes from its checkpoint. */
    public void load() {
        load(Map.of());
    }

    /**
     * Loads what the store already has, remembering {@code checkpoint}: where its consumer stood
     * when read just before this load, so where the consumer resumes (see {@link #loadedFrom()}).
     */
    public void load(Map<String, Long> checkpoint) {
        loadedFrom = Map.copyOf(checkpoint);
        for (Document doc : organisations.find()) {
            OrganisationState state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(),
                    OrganisationState.class);
            organisationsById.put(state.organisationId(), state);
        }
        for (Document doc : thirdPlaces.find()) {
            ThirdPlaceState state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(),
                    ThirdPlaceState.class);
            placesById.put(state.thirdPlaceId(), state);
        }
        reindexKeys();
        log.info("Registry replica loaded: {} organisations, {} tiers-lieux", organisationsById.size(), placesById.size());
    }

    /** The consumer checkpoint read before the last {@link #load(Map)}: where this replica's memory is complete up to. */
    public Map<String, Long> loadedFrom() {
        return loadedFrom;
    }

    @Override
    public void apply(List<ReceivedEvent> batch) {
        Map<String, OrganisationState> newOrganisations = new LinkedHashMap<>();
        Map<String, ThirdPlaceState> newPlaces = new LinkedHashMap<>();
        for (ReceivedEvent event : batch) {
            if (event.is(RegistryEvents.ORGANISATION_STATE)) {
                OrganisationState state = event.payload(OrganisationState.class);
                newOrganisations.merge(state.organisationId(), state, (a, b) -> a.version() >= b.version() ? a : b);
            } else if (event.is(RegistryEvents.THIRD_PLACE_STATE)) {
                ThirdPlaceState state = event.payload(ThirdPlaceState.class);
                newPlaces.merge(state.thirdPlaceId(), state, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        // memory first: a key revoked while this service's store is down must be refused at once,
        // not once the store is back (the batch is then applied again, which the versions make harmless)
        newOrganisations.values().forEach(state -> organisationsById.merge(state.organisationId(), state,
                (old, fresh) -> fresh.version() >= old.version() ? fresh : old));
        newPlaces.values().forEach(state -> placesById.merge(state.thirdPlaceId(), state,
                (old, fresh) -> fresh.version() >= old.version() ? fresh : old));
        if (!newOrganisations.isEmpty()) {
            reindexKeys();
        }
        write(organisations, newOrganisations.values().stream()
                .map(state -> new Versioned(state.organisationId(), state.version(), state)).toList());
        write(thirdPlaces, newPlaces.values().stream()
                .map(state -> new Versioned(state.thirdPlaceId(), state.version(), state)).toList());
    }

    private record Versioned(String id, long version, Object state) {
    }

    /** Replaces a document only with a newer version; an older or equal one is already applied. */
    private static void write(MongoCollection<Document> collection, List<Versioned> states) {
        if (states.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Versioned state : states) {
            Document doc = new Document("_id", state.id()).append("version", state.version())
                    .append("state", Document.parse(EventJson.mapper().writeValueAsString(state.state())));
            writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", state.id()), Filters.lt("version", state.version())),
                    doc, new ReplaceOptions().upsert(true)));
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // 11000: the document exists with this version or a newer one: already applied
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000);
            if (!onlyDuplicates) {
                throw e;
            }
        }
    }

    private void reindexKeys() {
        Map<String, Caller> index = new ConcurrentHashMap<>();
        for (OrganisationState organisation : organisationsById.values()) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String role : organisation.roles()) {
                try {
                    roles.add(Role.valueOf(role));
                } catch (IllegalArgumentException unknownRole) {
                    // a role this service does not know grants nothing here
                }
            }
            var territory = organisation.territory();
            for (OrganisationState.ApiKeyHash key : organisation.apiKeys()) {
                index.put(key.sha256(), new Caller(organisation.organisationId(), key.keyId(), roles,
                        territory == null ? null : territory.level(), territory == null ? null : territory.code()));
            }
        }
        callersByKeyHash = index;
    }

    @Override
    public Optional<Caller> findByKeyHash(String sha256) {
        return Optional.ofNullable(callersByKeyHash.get(sha256));
    }

    public Optional<OrganisationState> organisation(String id) {
        return Optional.ofNullable(organisationsById.get(id));
    }

    public Optional<ThirdPlaceState> thirdPlace(String id) {
        return Optional.ofNullable(placesById.get(id));
    }
}
