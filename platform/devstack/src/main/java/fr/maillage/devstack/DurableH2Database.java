package fr.maillage.devstack;

import static de.bwaldvogel.mongo.backend.Constants.ID_FIELD;

import java.lang.reflect.Field;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database of the H2 backend whose collections keep their documents as BSON (see
 * {@link BsonBytesType}), find by {@code _id} whatever else a query asks (see
 * {@link IdFirstH2Collection}), and whose unique indexes order their keys without Java
 * serialization (see {@link KeyValueType}); both journal their changes (see {@link Journal}). The
 * map names are the backend's own, so drop and rename still work.
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

    /** The backend's map names: "databases.db.coll" (documents), "meta.db.coll", "db.coll._index_name". */
    private static final String DOCUMENTS_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";
    private static final String INDEX_INFIX = "._index_";

    /** The backend, while the super constructor opens the collections (before this class's fields are set). */
    private static final ThreadLocal<DurableH2Backend> OPENING = new ThreadLocal<>();

    private final DurableH2Backend backend;

    private DurableH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
        this.backend = OPENING.get();
    }

    static DurableH2Database open(String name, MVStore store, CursorRegistry cursors, DurableH2Backend backend) {
        OPENING.set(backend);
        try {
            return new DurableH2Database(name, store, cursors);
        } finally {
            OPENING.remove();
        }
    }

    /** The backend, also while the super constructor runs (before the field is set). */
    private DurableH2Backend backend() {
        return backend != null ? backend : OPENING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        // the super constructor already opens collections, before a field of this class could be set
        MVStore store = store();
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, byte[]> documents = openMap(store, DOCUMENTS_PREFIX + namespace);
        MVMap<String, Object> meta = openMap(store, META_PREFIX + namespace);
        return new IdFirstH2Collection(this, collectionName, options, documents, meta, cursorRegistry, backend());
    }

    /**
     * An index whose map has a key type of its own ({@link KeyValueType}) and whose changes are
     * journaled; the map's name is the backend's, so that it drops the index as it would its own.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                   boolean sparse) {
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<KeyValue, Object> positions = openMap(store(), namespace + INDEX_INFIX + indexName);
        // the _id index finds string ids among the collection's documents (see JournaledUniqueIndex),
        // which are stored by _id in every collection but the backend's own (system.*)
        boolean byId = !sparse && keys.size() == 1 && keys.get(0).getKey().equals(ID_FIELD)
                && !collectionName.startsWith("system.");
        MVMap<Object, byte[]> documents = byId ? openMap(store(), DOCUMENTS_PREFIX + namespace) : null;
        return new JournaledUniqueIndex(positions, documents, indexName, keys, sparse, backend());
    }

    /** The backend drops a collection's indexes first, its {@code _id} index too, which is refused otherwise. */
    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        if (resolveCollection(collectionName, false) instanceof IdFirstH2Collection collection) {
            collection.dropping();
        }
        super.dropCollection(collectionName, oplog);
    }

    /** The types of a map of this backend, by its name (documents, index, or the backend's own). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, V> MVMap.Builder<K, V> builderFor(String mapName) {
        if (mapName.startsWith(META_PREFIX)) {
            return new MVMap.Builder<>();
        }
        if (mapName.startsWith(DOCUMENTS_PREFIX)) {
            return (MVMap.Builder) new MVMap.Builder<Object, byte[]>().valueType(BsonBytesType.INSTANCE);
        }
        if (mapName.contains(INDEX_INFIX)) {
            return (MVMap.Builder) new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE);
        }
        return new MVMap.Builder<>();
    }

    /** Opens a map with its types; one the file did not have is the backend's to mind until a checkpoint. */
    private <K, V> MVMap<K, V> openMap(MVStore store, String name) {
        boolean created = !store.hasMap(name);
        MVMap<K, V> map = store.openMap(name, builderFor(name));
        if (created) {
            backend().creatingMap(map);
        }
        return map;
    }

    private MVStore store() {
        try {
            return (MVStore) STORE.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
