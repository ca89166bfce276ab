package fr.maillage.devstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

/**
 * A collection of the H2 backend whose documents are kept as BSON (see {@link BsonBytesType}) and
 * which finds documents by {@code _id} whenever a query names one, even alongside other conditions.
 *
 * <p>Every method of the backend's collection that reads or writes its map of documents is
 * replaced here by one that decodes or encodes at that moment ({@code H2CollectionCoverageTest}
 * checks that none is left to the backend, which expects decoded documents in the map). Each of
 * them also records the change for the backend's {@link Journal}; each write the backend's
 * collection makes under its lock (a document inserted, updated or deleted, with its index keys)
 * is journaled as one operation, appended before the lock is released.
 *
 * <p>The backend uses an index only when a query's fields are exactly the index's: a conditional
 * update such as {@code {$and: [{_id: "tl-1"}, {version: 3}]}} (how every aggregate is saved,
 * and how each service's replica of the registry ignores an older state) read and matched every
 * document of the collection, under the collection's lock. Here the {@code _id} index gives the
 * candidates and every condition of the query is then checked on them, so the answer is the same.
 */
final class IdFirstH2Collection extends H2Collection {

    private static final String ID = "_id";

    private final MVMap<Object, byte[]> documents;
    private final DurableH2Backend backend;
    /** Queries answered by reading every document (what MongoDB calls a collection scan). */
    private final AtomicLong collectionScans = new AtomicLong();
    /** Set when the whole collection is being dropped, its indexes first. */
    private volatile boolean dropping;
    /** Updates applied as {@link SimpleUpdate}s rather than by the backend's general path. */
    private final AtomicLong simpleUpdates = new AtomicLong();

    @SuppressWarnings({"unchecked", "rawtypes"})
    IdFirstH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, byte[]> documents, MVMap<String, Object> meta, CursorRegistry cursors,
                        DurableH2Backend backend) {
        // the backend only keeps the map: every method of it that would use it is overridden below
        super(database, collectionName, options, (MVMap) documents, meta, cursors);
        this.documents = documents;
        this.backend = backend;
    }

    // The backend's writes, each under the collection's lock (as its superclass takes it), as one
    // journaled operation; within one on many documents, each document's changes end with the
    // last of an insertion (addDocument), an update (handleUpdate) or a deletion (removeDocument).

    @Override
    public synchronized void addDocument(Document document) {
        journaled(() -> super.addDocument(document));
    }

    @Override
    public synchronized void addDocuments(Stream<Document> documents) {
        journaled(() -> super.addDocuments(documents));
    }

    @Override
    public synchronized List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        return journaled(() -> super.insertDocuments(documents, isOrdered));
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        return journaled(() -> {
            Document done = updateSimply(selector, updateQuery, arrayFilters, isUpsert, oplog);
            return done != null ? done
                    : super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        });
    }

    /**
     * An update of one document by its {@code _id} made only of {@code $inc}, {@code $max},
     * {@code $set} and {@code $setOnInsert} of plain values (see {@link SimpleUpdate}), answered as
     * the backend answers it; {@code null} for any other update, which the backend applies.
     */
    private Document updateSimply(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                    boolean isUpsert, Oplog oplog) {
        if (!arrayFilters.isEmpty() || selector.size() != 1 || !(selector.get(getIdField()) instanceof String id)) {
            return null;
        }
        SimpleUpdate update = SimpleUpdate.of(updateQuery, getIdField());
        if (update == null || update.touchesAny(indexedFields())) {
            return null;
        }
        byte[] stored = documents.get(id);
        Document result = new Document();
        if (stored == null) {
            if (!isUpsert) {
                oplog.handleUpdate(getFullName(), selector, updateQuery, List.of());
                return result.append("n", 0).append("nModified", 0);
            }
            SimpleUpdate.Applied created = update.applyTo(new Document(getIdField(), id), true);
            if (created == null) {
                return null;
            }
            addDocument(created.document());
            oplog.handleInsert(getFullName(), List.of(created.document()));
            simpleUpdates.incrementAndGet();
            return result.append("upserted", id).append("n", 0).append("nModified", 0);
        }
        Document before = BsonBytesType.decode(stored);
        SimpleUpdate.Applied after = update.applyTo(before, false);
        if (after == null) {
            return null;
        }
        if (after.document() != before) {
            handleUpdate(id, before, after.document());
        }
        oplog.handleUpdate(getFullName(), selector, updateQuery, after.modified() ? List.of(id) : List.of());
        simpleUpdates.incrementAndGet();
        return result.append("n", 1).append("nModified", after.modified() ? 1 : 0);
    }

    /** The top-level fields of every index: an update of one of them is left to the backend. */
    private Set<String> indexedFields() {
        Set<String> fields = new HashSet<>();
        for (Index<Object> index : getIndexes()) {
            index.getKeys().forEach(key -> fields.add(key.getKey().split("\\.", -1)[0]));
        }
        return fields;
    }

    /**
     * MongoDB refuses to drop a collection's {@code _id} index, but for the collection as a whole.
     * The backend would drop it, and a new one would not be filled with the documents already
     * stored (it answers for string ids from them, see {@link JournaledUniqueIndex}, so it never
     * looks empty).
     */
    @Override
    public synchronized void dropIndex(String indexName) {
        boolean idIndex = getIndexes().stream().anyMatch(index -> index.getName().equals(indexName)
                && index instanceof JournaledUniqueIndex unique && unique.answersFromDocuments());
        if (idIndex && !dropping) {
            throw new MongoServerError(72, "InvalidOptions", "cannot drop _id index");
        }
        super.dropIndex(indexName);
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        return journaled(() -> super.findAndModify(query));
    }

    @Override
    public synchronized int deleteDocuments(Document selector, int limit, Oplog oplog) {
        return journaled(() -> super.deleteDocuments(selector, limit, oplog));
    }

    @Override
    public synchronized void removeDocument(Document document) {
        journaled(() -> super.removeDocument(document));
    }

    private void journaled(Runnable write) {
        journaled(() -> {
            write.run();
            return null;
        });
    }

    private <T> T journaled(Supplier<T> write) {
        backend.beginOperation();
        try {
            return write.get();
        } finally {
            backend.endOperation();
        }
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        String idField = getIdField();
        // "_id" is a plain name: read it without the library's path splitting (a tenth of an insertion)
        Object id = ID.equals(idField) ? document.getOrMissing(ID)
                : idField != null ? Utils.getSubdocumentValue(document, idField) : UUID.randomUUID();
        Object key = Missing.ofNullable(id);
        byte[] bson = BsonBytesType.encode(document);
        byte[] previous = documents.put(key, bson);
        backend.journalPut(documents, key, bson);
        if (previous != null) {
            throw new IllegalStateException("Document with key '" + id + "' already existed in " + this);
        }
        return id;
    }

    @Override
    protected Document getDocument(Object position) {
        byte[] bson = documents.get(position);
        return bson == null ? null : BsonBytesType.decode(bson);
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        Object key = Missing.ofNullable(position);
        byte[] bson = BsonBytesType.encode(newDocument);
        documents.put(key, bson);
        backend.journalPut(documents, key, bson);
        backend.documentWritten(); // the backend's update changes the indexes first
    }

    @Override
    protected void removeDocument(Object position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
        backend.journalRemove(documents, position);
    }

    /**
     * The bytes stored are summed when asked ({@code collStats}, {@code dbStats}: never by
     * Maillage), not counted at each write: the backend measured every document written by
     * encoding it once more (6 % of its CPU under load) and kept the count in one entry that every
     * writer of the collection rewrote and journaled.
     */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected int getDataSize() {
        if (documents == null) {
            return 0; // asked by the backend's constructor, for a debug line, before this collection is set up
        }
        long bytes = 0;
        for (byte[] bson : documents.values()) {
            bytes += bson.length;
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    /** Never called (see {@link #tracksDataSize()}); the backend's version would change an entry without journaling it. */
    @Override
    protected void updateDataSize(int sizeDelta) {
        throw new UnsupportedOperationException("the data size is not tracked");
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                .map(entry -> new DocumentWithPosition<>(BsonBytesType.decode(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        Object id = idCondition(query);
        if (id != null) {
            Document byId = new Document(getIdField(), id);
            for (Index<Object> index : getIndexes()) {
                if (!index.canHandle(byId)) {
                    continue;
                }
                if (query.size() == 1 && query.containsKey(getIdField()) && onlyStrings(id)) {
                    // exactly the documents stored under those ids (a count, which reads without the
                    // collection's lock, may meet an id whose document a deletion just removed)
                    Stream<Document> found = idsInOrder(id).stream().map(this::getDocument).filter(Objects::nonNull);
                    return matchDocumentsFromStream(found, new Document(), orderBy, skip, limit, batchSize, projection);
                }
                return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, projection);
            }
        }
        return super.queryDocuments(query, orderBy, skip, limit, batchSize, projection);
    }

    /**
     * What the query asks of {@code _id}, at its top level or in a top-level {@code $and} (how
     * the driver sends {@code Filters.and}); any one such condition selects a superset of the
     * answer.
     */
    private Object idCondition(Document query) {
        Object id = query.get(getIdField());
        if (id == null && query.get("$and") instanceof List<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document condition && condition.get(getIdField()) != null) {
                    return condition.get(getIdField());
                }
            }
        }
        return id;
    }

    /**
     * Whether an {@code _id} condition is a string or {@code {$in: [strings]}}: then a document
     * matches it exactly when the unique index has its key. Matching them again cost the server
     * each document times each value of the list (a batch's {@code $in} of 2,000 ids: 16 % of its
     * CPU under load).
     */
    private static boolean onlyStrings(Object condition) {
        if (condition instanceof String) {
            return true;
        }
        return condition instanceof Document expression && expression.size() == 1
                && expression.get("$in") instanceof List<?> values && values.stream().allMatch(String.class::isInstance);
    }

    /**
     * The ids of a string or {@code {$in: [strings]}} condition, each once, in the order the
     * backend's unique index gives them (sorted): a document is stored under its id, so these are
     * the positions to read. Asking the index instead sorted and looked up each id through its
     * general comparator and streams (11 % of the store's CPU under load).
     */
    private static List<String> idsInOrder(Object condition) {
        if (condition instanceof String id) {
            return List.of(id);
        }
        List<?> values = (List<?>) ((Document) condition).get("$in");
        String[] ids = values.toArray(String[]::new);
        Arrays.sort(ids);
        List<String> distinct = new ArrayList<>(ids.length);
        for (String id : ids) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(id)) {
                distinct.add(id);
            }
        }
        return distinct;
    }

    /** The backend's path for a query no index can answer: every document read and matched. */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        collectionScans.incrementAndGet();
        Stream<Document> all = isNaturalDescending(orderBy)
                ? streamAllDocumentsWithPosition()
                        .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                        .map(DocumentWithPosition::getDocument)
                : documents.values().stream().map(BsonBytesType::decode);
        return matchDocumentsFromStream(all, query, orderBy, skip, limit, batchSize, projection);
    }

    /** The collection is about to be dropped, with all its indexes (see {@link #dropIndex}). */
    void dropping() {
        dropping = true;
    }

    long collectionScans() {
        return collectionScans.get();
    }

    long simpleUpdates() {
        return simpleUpdates.get();
    }
}
