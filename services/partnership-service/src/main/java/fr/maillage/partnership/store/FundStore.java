package fr.maillage.partnership.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.domain.FundDefinition;
import fr.maillage.partnership.domain.FundKind;
import fr.maillage.partnership.domain.FundOperation;
import fr.maillage.partnership.events.PartnershipOutbox;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Fund envelopes, one document each:
 * {@code {_id, version, state: {kind, year, name, budgetEur, committedEur, updatedAt}, commitments: [...],
 * pending: [...], published: {version, name, budgetEur, committedEur, updatedAt}, outbox: [...]}}.
 *
 * <p>A commitment is one conditional update that reads nothing first: it matches only if the
 * commitment id is not in the document and {@code committedEur + amount <= budgetEur}, and then
 * {@code $inc}s the committed amount and the version and appends the commitment and its operation
 * to {@code pending}, all in one atomic single-document write. However many arrive at once, the
 * budget cannot be passed and an id cannot be committed twice.
 *
 * <p>Each event must carry the fund state it produced, which such a blind write does not know. So
 * a second, version-guarded step turns the pending operations, in order, into outbox entries: the
 * state after {@code published.version + i} is the published state with the first {@code i}
 * operations applied ({@code version == published.version + pending.length} always holds). The
 * writer runs that step at once; {@link PendingFundEvents} runs it for anything a crash left behind.
 */
public final class FundStore {

    public static final String COLLECTION = "funds";

    private static final Logger log = LoggerFactory.getLogger(FundStore.class);
    private static final int PUBLISH_ATTEMPTS = 50;
    /** Each miss is another instance's change of name or budget: as many as instances starting together, a few. */
    private static final int OPEN_ATTEMPTS = 10;
    private static final String LAST_COMMITMENT = "commitments." + (Fund.MAX_COMMITMENTS - 1);
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final MongoCollection<Document> collection;
    private final OutboxRelay relay;

    FundStore(MongoCollection<Document> collection, OutboxRelay relay) {
        this.collection = collection;
        this.relay = relay;
    }

    public enum Opening { OPENED, UNCHANGED, BUDGET_CHANGED, BUDGET_BELOW_COMMITTED }

    /**
     * Creates the envelope (with its {@code fund.opened} event) if missing; applies a new budget or name.
     * Every instance does this at start-up: the change is written only over the name and budget it was
     * decided from, and when another instance got there first it is decided again from what is stored.
     */
    public Opening open(FundDefinition definition, Instant now) {
        Fund fund = Fund.open(definition, now);
        Document doc = new Document("_id", fund.id()).append("version", fund.version())
                .append("state", stateDocument(fund))
                .append("commitments", List.of())
                .append("pending", List.of())
                .append("published", publishedDocument(fund))
                .append(OutboxEntry.FIELD, List.of(PartnershipOutbox.fundOpened(fund).toDocument()));
        try {
            collection.insertOne(doc);
            relay.wakeUp(COLLECTION, fund.id());
            return Opening.OPENED;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Fund existing = find(definition.id()).orElseThrow();
        if (existing.kind() != definition.kind() || !Objects.equals(existing.year(), definition.year())) {
            log.warn("Fund {} is stored as {} {}, configured as {} {}: kind and year of an envelope never change",
                    existing.id(), existing.kind(), existing.year(), definition.kind(), definition.year());
        }
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            if (existing.budgetEur() == definition.budgetEur() && existing.name().equals(definition.name())) {
                return Opening.UNCHANGED;
            }
            if (existing.committedEur() > definition.budgetEur()) {
                return Opening.BUDGET_BELOW_COMMITTED;
            }
            Document after = reconfigure(existing, definition, now);
            if (after != null) {
                publishQuietly(definition.id(), version(after));
                return Opening.BUDGET_CHANGED;
            }
            // another instance changed the name or budget, or commitments took the room, since the read
            existing = find(definition.id()).orElseThrow();
        }
        throw new IllegalStateException("Fund " + definition.id() + " changed " + OPEN_ATTEMPTS
                + " times while its configuration was being applied; start again to apply it");
    }

    /** The configured name and budget over the ones read, if they are still those and the commitments fit. */
    private Document reconfigure(Fund read, FundDefinition definition, Instant now) {
        FundOperation budgeted = new FundOperation.Budgeted(UUID.randomUUID().toString(), definition.name(),
                definition.budgetEur(), now);
        return collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", definition.id()),
                        Filters.eq("state.name", read.name()),
                        Filters.eq("state.budgetEur", read.budgetEur()),
                        Filters.lte("state.committedEur", definition.budgetEur())),
                Updates.combine(
                        Updates.set("state.budgetEur", definition.budgetEur()),
                        Updates.set("state.name", definition.name()),
                        Updates.max("state.updatedAt", sortable(now)),
                        Updates.inc("version", 1L),
                        Updates.push("pending", operationDocument(budgeted))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include("version")));
    }

    public List<Fund> all() {
        List<Fund> funds = new ArrayList<>();
        for (Document doc : collection.find().projection(Projections.include("version", "state"))
                .sort(Sorts.ascending("_id"))) {
            funds.add(live(doc));
        }
        return funds;
    }

    public Optional<Fund> find(String fundId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", fundId))
                .projection(Projections.include("version", "state")).first()).map(FundStore::live);
    }

    public Optional<Commitment> commitment(String fundId, String commitmentId) {
        Document doc = collection.find(Filters.eq("_id", fundId))
                .projection(Projections.elemMatch("commitments", Filters.eq("commitmentId", commitmentId))).first();
        return doc == null ? Optional.empty() : commitmentIn(doc, commitmentId);
    }

    /** A fund and one of its commitments as they were at one moment (read apart, a cancellation could fall between). */
    public record FundAndCommitment(Fund fund, Optional<Commitment> commitment) {
    }

    public Optional<FundAndCommitment> findWithCommitment(String fundId, String commitmentId) {
        Document doc = collection.find(Filters.eq("_id", fundId)).projection(Projections.fields(
                Projections.include("version", "state"),
                Projections.elemMatch("commitments", Filters.eq("commitmentId", commitmentId)))).first();
        return Optional.ofNullable(doc).map(found -> new FundAndCommitment(live(found), commitmentIn(found, commitmentId)));
    }

    private static Optional<Commitment> commitmentIn(Document doc, String commitmentId) {
        if (doc.get("commitments") == null) {
            return Optional.empty();
        }
        return doc.getList("commitments", Document.class).stream()
                .filter(c -> commitmentId.equals(c.getString("commitmentId")))
                .findFirst().map(FundStore::commitment);
    }

    /**
     * The budget guard (see the class comment). Empty when it did not match: the fund is missing, the
     * commitment id is already there, the amount does not fit in what is left, or the fund holds
     * {@link Fund#MAX_COMMITMENTS} commitments.
     */
    public Optional<Fund> commit(String fundId, Commitment commitment) {
        Optional<Document> after = recordCommitment(fundId, commitment);
        after.ifPresent(doc -> publishQuietly(fundId, version(doc)));
        return after.map(FundStore::live);
    }

    /** The guarded update alone: its event leaves with the next publication of the fund's pending operations. */
    Optional<Document> recordCommitment(String fundId, Commitment commitment) {
        Bson fits = Filters.expr(new Document("$lte", List.of(
                new Document("$add", List.of("$state.committedEur", commitment.amountEur())), "$state.budgetEur")));
        FundOperation operation = new FundOperation.Committed(UUID.randomUUID().toString(), commitment);
        return Optional.ofNullable(collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", fundId),
                        Filters.ne("commitments.commitmentId", commitment.commitmentId()),
                        Filters.exists(LAST_COMMITMENT, false),
                        fits),
                Updates.combine(
                        Updates.inc("state.committedEur", commitment.amountEur()),
                        Updates.inc("version", 1L),
                        Updates.max("state.updatedAt", sortable(commitment.committedAt())),
                        Updates.push("commitments", commitmentDocument(commitment)),
                        Updates.push("pending", operationDocument(operation))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include("version", "state"))));
    }

    /** Whether the fund holds as many commitments as it may ({@link Fund#MAX_COMMITMENTS}). */
    public boolean holdsMaxCommitments(String fundId) {
        return collection.countDocuments(Filters.and(Filters.eq("_id", fundId), Filters.exists(LAST_COMMITMENT))) > 0;
    }

    /** Marks an active commitment cancelled and releases its amount; empty if it was not active any more. */
    public Optional<Fund> cancel(String fundId, Commitment commitment, Instant now) {
        FundOperation operation = new FundOperation.Cancelled(UUID.randomUUID().toString(), commitment.commitmentId(),
                commitment.amountEur(), now);
        Document after = collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", fundId), Filters.elemMatch("commitments", Filters.and(
                        Filters.eq("commitmentId", commitment.commitmentId()),
                        Filters.eq("amountEur", commitment.amountEur()),
                        Filters.eq("cancelled", false)))),
                Updates.combine(
                        Updates.set("commitments.$.cancelled", true),
                        Updates.set("commitments.$.cancelledAt", now.toString()),
                        Updates.inc("state.committedEur", -commitment.amountEur()),
                        Updates.inc("version", 1L),
                        Updates.max("state.updatedAt", sortable(now)),
                        Updates.push("pending", operationDocument(operation))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                        .projection(Projections.include("version", "state")));
        if (after == null) {
            return Optional.empty();
        }
        publishQuietly(fundId, version(after));
        return Optional.of(live(after));
    }

    /** Every fund's pending operations to the outbox; returns how many events that made. */
    public int publishAllPending() {
        int published = 0;
        List<Document> waiting = collection.find(Filters.exists("pending.0"))
                .projection(Projections.include("version")).into(new ArrayList<>());
        for (Document doc : waiting) {
            published += publishPending(doc.getString("_id"), version(doc));
        }
        return published;
    }

    /** Moves pending operations to the outbox until at least {@code upToVersion} is published. */
    int publishPending(String fundId, long upToVersion) {
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            Document doc = collection.find(Filters.eq("_id", fundId))
                    .projection(Projections.include("version", "state", "pending", "published")).first();
            if (doc == null) {
                return 0;
            }
            Fund published = published(doc);
            List<Document> pending = doc.getList("pending", Document.class);
            if (published.version() >= upToVersion || pending.isEmpty()) {
                return 0;
            }
            List<FundOperation> operations = pending.stream().map(FundStore::operation).toList();
            PartnershipOutbox.Emission emission = PartnershipOutbox.fundEvents(published, operations);
            List<String> eventIds = operations.stream().map(FundOperation::eventId).toList();
            boolean moved = collection.updateOne(
                    Filters.and(Filters.eq("_id", fundId), Filters.eq("published.version", published.version())),
                    Updates.combine(
                            Updates.set("published", publishedDocument(emission.after())),
                            Updates.pull("pending", new Document("eventId", new Document("$in", eventIds))),
                            Updates.pushEach(OutboxEntry.FIELD,
                                    emission.entries().stream().map(OutboxEntry::toDocument).toList())))
                    .getMatchedCount() == 1;
            if (moved) {
                relay.wakeUp(COLLECTION, fundId);
                return operations.size();
            }
        }
        log.warn("Fund {}: events up to version {} still pending; the sweep will publish them", fundId, upToVersion);
        return 0;
    }

    /** The write is done and durable; publishing can wait for the sweep if the store hiccups now. */
    private void publishQuietly(String fundId, long upToVersion) {
        try {
            publishPending(fundId, upToVersion);
        } catch (RuntimeException e) {
            log.warn("Fund {}: events up to version {} left pending: {}", fundId, upToVersion, e.getMessage());
        }
    }

    private static Fund live(Document doc) {
        Document state = doc.get("state", Document.class);
        return new Fund(doc.getString("_id"), version(doc), FundKind.valueOf(state.getString("kind")),
                state.getInteger("year"), state.getString("name"), number(state, "budgetEur"),
                number(state, "committedEur"), instant(state, "updatedAt"));
    }

    private static Fund published(Document doc) {
        Document state = doc.get("state", Document.class);
        Document published = doc.get("published", Document.class);
        return new Fund(doc.getString("_id"), number(published, "version"), FundKind.valueOf(state.getString("kind")),
                state.getInteger("year"), published.getString("name"), number(published, "budgetEur"),
                number(published, "committedEur"), instant(published, "updatedAt"));
    }

    private static Document stateDocument(Fund fund) {
        return new Document("kind", fund.kind().name()).append("year", fund.year()).append("name", fund.name())
                .append("budgetEur", fund.budgetEur()).append("committedEur", fund.committedEur())
                .append("updatedAt", sortable(fund.updatedAt()));
    }

    private static Document publishedDocument(Fund fund) {
        return new Document("version", fund.version()).append("name", fund.name())
                .append("budgetEur", fund.budgetEur()).append("committedEur", fund.committedEur())
                .append("updatedAt", fund.updatedAt().toString());
    }

    private static Document commitmentDocument(Commitment c) {
        return new Document("commitmentId", c.commitmentId()).append("amountEur", c.amountEur())
                .append("purpose", c.purpose()).append("thirdPlaceId", c.thirdPlaceId())
                .append("organisationId", c.organisationId()).append("committedAt", c.committedAt().toString())
                .append("cancelled", c.cancelled())
                .append("cancelledAt", c.cancelledAt() == null ? null : c.cancelledAt().toString());
    }

    private static Commitment commitment(Document doc) {
        return new Commitment(doc.getString("commitmentId"), number(doc, "amountEur"), doc.getString("purpose"),
                doc.getString("thirdPlaceId"), doc.getString("organisationId"), instant(doc, "committedAt"),
                Boolean.TRUE.equals(doc.getBoolean("cancelled")), instant(doc, "cancelledAt"));
    }

    private static Document operationDocument(FundOperation operation) {
        Document doc = new Document("eventId", operation.eventId()).append("at", operation.at().toString());
        if (operation instanceof FundOperation.Committed committed) {
            return doc.append("type", "COMMITTED").append("commitment", commitmentDocument(committed.commitment()));
        }
        if (operation instanceof FundOperation.Cancelled cancelled) {
            return doc.append("type", "CANCELLED").append("commitmentId", cancelled.commitmentId())
                    .append("amountEur", cancelled.amountEur());
        }
        FundOperation.Budgeted budgeted = (FundOperation.Budgeted) operation;
        return doc.append("type", "BUDGETED").append("name", budgeted.name()).append("budgetEur", budgeted.budgetEur());
    }

    private static FundOperation operation(Document doc) {
        String eventId = doc.getString("eventId");
        return switch (doc.getString("type")) {
            case "COMMITTED" -> new FundOperation.Committed(eventId, commitment(doc.get("commitment", Document.class)));
            case "CANCELLED" -> new FundOperation.Cancelled(eventId, doc.getString("commitmentId"),
                    number(doc, "amountEur"), instant(doc, "at"));
            case "BUDGETED" -> new FundOperation.Budgeted(eventId, doc.getString("name"), number(doc, "budgetEur"),
                    instant(doc, "at"));
            default -> throw new IllegalStateException("unknown fund operation " + doc.getString("type"));
        };
    }

    private static long version(Document doc) {
        return number(doc, "version");
    }

    private static long number(Document doc, String field) {
        return ((Number) doc.get(field)).longValue();
    }

    /**
     * A fund's updatedAt is kept with nine decimals, so that the store's {@code $max} of two strings
     * is the later instant: two writers stamp their times before their updates land, in either order
     * ({@link Instant#toString} drops zero decimals, and "…:05Z" sorts after "…:05.5Z").
     */
    static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }

    private static Instant instant(Document doc, String field) {
        String value = doc.getString(field);
        return value == null ? null : Instant.parse(value);
    }
}
