package fr.maillage.testsupport;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The in-memory backend of mongo-java-server, except that a stored document is never changed in
 * place: an update works on a copy and stores it in the old one's slot.
 *
 * <p>The library's memory collection updates the very document it keeps, under the collection's
 * lock, while the document it answered an earlier query with is the same object, encoded onto
 * the socket later without that lock. Two requests on the same premises at once could so fail
 * the encoding ({@code ConcurrentModificationException}), close the driver's connection and reach
 * the client as a 503. A stored document that nobody changes can be encoded at any time.
 * (The devstack's store keeps BSON bytes and decodes a new document at each read: not concerned.)
 */
class SnapshotMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                // the declared type is the library's; only its two query methods and the storage differ
                return new SnapshotCollection(this, collectionName, options, getCursorRegistry());
            }
        };
    }

    /**
     * Documents by position, in insertion order (the natural order); positions are never reused.
     * Every query answers copies of what it matched, so that whatever the library then changes
     * (an update works on the documents a query found) is never what is stored or being sent.
     */
    static final class SnapshotCollection extends MemoryCollection {

        private final Map<Integer, Document> slots = new LinkedHashMap<>();
        private int nextPosition;
        private long dataSize;

        SnapshotCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected synchronized QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit,
                                                          int batchSize, Document projection) {
            List<Document> inOrder = new ArrayList<>(slots.values());
            if (isNaturalDescending(orderBy)) {
                Collections.reverse(inOrder);
            }
            return copies(matchDocumentsFromStream(inOrder.stream(), query, orderBy, skip, limit, batchSize, projection));
        }

        @Override
        protected synchronized QueryResult matchDocuments(Document query, Iterable<Integer> positions, Document orderBy,
                                                          int skip, int limit, int batchSize, Document projection) {
            return copies(super.matchDocuments(query, positions, orderBy, skip, limit, batchSize, projection));
        }

        /** The documents of the first batch copied; a cursor's later batches hold stored documents, never changed. */
        private static QueryResult copies(QueryResult result) {
            List<Document> copied = new ArrayList<>();
            for (Document document : result) {
                copied.add(document.cloneDeeply());
            }
            return new QueryResult(copied, result.getCursorId());
        }

        @Override
        protected synchronized Integer addDocumentInternal(Document document) {
            int position = nextPosition++;
            slots.put(position, document);
            return position;
        }

        @Override
        protected synchronized Document getDocument(Integer position) {
            return slots.get(position);
        }

        /** {@code newDocument} is the copy the update changed: it takes the slot (the key keeps its place in the order). */
        @Override
        protected synchronized void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            slots.put(position, newDocument);
        }

        @Override
        protected synchronized void removeDocument(Integer position) {
            slots.remove(position);
        }

        @Override
        protected synchronized Integer findDocumentPosition(Document document) {
            for (Map.Entry<Integer, Document> slot : slots.entrySet()) {
                if (slot.getValue().equals(document)) {
                    return slot.getKey();
                }
            }
            return null;
        }

        @Override
        protected synchronized Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
            return new ArrayList<>(slots.entrySet()).stream()
                    .map(slot -> new DocumentWithPosition<>(slot.getValue(), slot.getKey()));
        }

        @Override
        public synchronized int count() {
            return slots.size();
        }

        @Override
        public synchronized boolean isEmpty() {
            return slots.isEmpty();
        }

        @Override
        protected synchronized void updateDataSize(int sizeDelta) {
            dataSize += sizeDelta;
        }

        @Override
        protected synchronized int getDataSize() {
            return (int) Math.min(dataSize, Integer.MAX_VALUE);
        }
    }
}
