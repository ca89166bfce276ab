package fr.maillage.devstack;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import org.h2.mvstore.MVMap;

/**
 * A unique index of the H2 backend (the position of each key's document, in a map of its own)
 * whose changes are also appended to the backend's {@link Journal}. The index's own methods are
 * synchronized and called under its collection's lock, so the journal has its changes in order.
 */
final class JournaledUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> positions;
    private final DurableH2Backend backend;

    /** The field of an index on one top-level field that is not sparse ({@code _id}), else null. */
    private final String topLevelField;

    JournaledUniqueIndex(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse,
                         DurableH2Backend backend) {
        super(name, keys, sparse);
        this.positions = positions;
        this.backend = backend;
        this.topLevelField = keys.size() == 1 && !sparse && isTopLevel(keys.get(0).getKey()) ? keys.get(0).getKey() : null;
    }

    // An index on one top-level field takes its key straight from the document. The backend's
    // general path (several fields, paths, arrays) splits the field's name with a regular
    // expression each time, three times for an insert (a check, then a check again and the key):
    // 15 % of the store's CPU under load. The key is the same: the field's value, normalized.

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        KeyValue key = simpleKey(document);
        return key == null ? super.getKeyValues(document) : Set.of(key.normalized());
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        KeyValue key = simpleKey(document);
        if (key == null) {
            super.checkAdd(document, collection);
        } else if (containsKey(key.normalized())) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    /** As the backend's, which checks the key again first: here the insert into the map is that check. */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        KeyValue key = simpleKey(document);
        if (key == null) {
            super.add(document, position, collection);
        } else if (!putKeyPosition(key.normalized(), position)) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    /** A field of the document itself: not a path, nor a name the backend refuses ({@code ""}, {@code "$"}). */
    private static boolean isTopLevel(String field) {
        return !field.isEmpty() && !field.contains(".") && !field.startsWith("$");
    }

    /** The document's key as it holds it, or null when it needs the general path (an array: one key per element). */
    private KeyValue simpleKey(Document document) {
        if (topLevelField == null) {
            return null;
        }
        Object value = document.getOrMissing(topLevelField);
        return value instanceof Collection<?> ? null : new KeyValue(value);
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        Object removed = positions.remove(key);
        if (removed != null) {
            backend.journalRemove(positions, key);
        }
        return removed;
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        Object value = Missing.ofNullable(position);
        if (positions.putIfAbsent(key, value) != null) {
            return false;
        }
        backend.journalPut(positions, key, value);
        return true;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
