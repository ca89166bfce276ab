package fr.maillage.devstack;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A collection of the H2 backend that finds documents by {@code _id} whenever a query names one,
 * even alongside other conditions.
 *
 * <p>The backend uses an index only when a query's fields are exactly the index's: a conditional
 * update such as {@code {$and: [{_id: "tl-1"}, {version: 3}]}} (how every aggregate is saved,
 * and how each service's replica of the registry ignores an older state) read and matched every
 * document of the collection, under the collection's lock. Here the {@code _id} index gives the
 * candidates and every condition of the query is then checked on them, so the answer is the same.
 */
final class IdFirstH2Collection extends H2Collection {

    /** Queries answered by reading every document (what MongoDB calls a collection scan). */
    private final AtomicLong collectionScans = new AtomicLong();

    IdFirstH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, collectionName, options, documents, meta, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        Object id = idCondition(query);
        if (id != null) {
            Document byId = new Document(getIdField(), id);
            for (Index<Object> index : getIndexes()) {
                if (index.canHandle(byId)) {
                    return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, projection);
                }
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

    /** The backend's path for a query no index can answer: every document read and matched. */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        collectionScans.incrementAndGet();
        return super.matchDocuments(query, orderBy, skip, limit, batchSize, projection);
    }

    long collectionScans() {
        return collectionScans.get();
    }
}
