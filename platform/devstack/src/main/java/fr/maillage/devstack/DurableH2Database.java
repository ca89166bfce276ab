package fr.maillage.devstack;

import java.lang.reflect.Field;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database of the H2 backend whose collections keep their documents as BSON (see
 * {@link BsonBytesType}), find by {@code _id} whatever else a query asks (see
 * {@link IdFirstH2Collection}), and whose unique indexes order their keys without Java
 * serialization (see {@link KeyValueType}); the map names are the backend's own, so drop and
 * rename still work.
 */
final class DurableH2Database extends H2Database {

    private static final Field STORE;

    static {
        try {
            STORE = H2Database.class.getDeclaredField("mvStore");
            STORE.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    DurableH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        // the super constructor already opens collections, before a field of this class could be set
        MVStore store = store();
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, byte[]> documents = store.openMap("databases." + namespace,
                new MVMap.Builder<Object, byte[]>().valueType(BsonBytesType.INSTANCE));
        MVMap<String, Object> meta = store.openMap("meta." + namespace);
        return new IdFirstH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
    }

    /**
     * Opens the index's map first with a key type of its own ({@link KeyValueType}); the backend
     * then opens the same map by name and gets this one, already open.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
        store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    private MVStore store() {
        try {
            return (MVStore) STORE.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
