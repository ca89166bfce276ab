package fr.maillage.devstack;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
 *
 * <p>The {@code _id} index of a collection keeps no entry for a string id: the collection stores
 * each document under its id, so its map of documents answers whether a string id is taken and
 * where its document is. An entry of its own doubled each insertion (a second tree to update,
 * journal and write to the file: a third of the store's CPU under load). Ids of other types,
 * which the index compares by value (the integer 1 and the long 1 are one id) where the map of
 * documents does not, keep their entries. Entries of string ids written by earlier versions are
 * removed when the index is opened; a store written from this version on is not for an earlier
 * one, whose index would miss the string ids.
 */
final class JournaledUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> positions;
    /** For the {@code _id} index, the collection's documents by id; {@code null} for any other index. */
    private final MVMap<Object, byte[]> documents;
    private final DurableH2Backend backend;

    /** The field of an index on one top-level field that is not sparse ({@code _id}), else null. */
    private final String topLevelField;

    JournaledUniqueIndex(MVMap<KeyValue, Object> positions, MVMap<Object, byte[]> documents, String name,
                         List<IndexKey> keys, boolean sparse, DurableH2Backend backend) {
        super(name, keys, sparse);
        this.positions = positions;
        this.documents = documents;
        this.backend = backend;
        this.topLevelField = keys.size() == 1 && !sparse && isTopLevel(keys.get(0).getKey()) ? keys.get(0).getKey() : null;
        if (documents != null) {
            forgetStringIds();
        }
    }

    /**
     * Removes the entries of string ids that versions before this one wrote (never read since):
     * the keys sort by type, strings together from the empty string on, so a store without any
     * costs one look-up. Not journaled: until the next checkpoint a crash brings them back, as
     * harmless as before, to be removed at the next start.
     */
    private void forgetStringIds() {
        KeyValue first = positions.ceilingKey(new KeyValue(""));
        while (first != null && stringId(first) != null) {
            positions.remove(first);
            first = positions.ceilingKey(first);
        }
    }

    // An index on one top-level field takes its key straight from the document. The backend's
    // general path (several fields, paths, arrays) splits the field's name with a regular
    // expression each time, three times for an insert (a check, then a check again and the key):
    // 15 % of the store's CPU under load. The key is the same: the field's value, normalized.

    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        KeyValue key = simpleKey(document);
        return key == null ? super.getKeyValues(document) : Set.of(normalized(key));
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        KeyValue key = simpleKey(document);
        if (key == null) {
            super.checkAdd(document, collection);
        } else if (containsKey(normalized(key))) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    /** As the backend's, which checks the key again first: here the insert into the map is that check. */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        KeyValue key = simpleKey(document);
        if (key == null) {
            super.add(document, position, collection);
        } else if (!putKeyPosition(normalized(key), position)) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    /**
     * The key as the index keeps it. A string is its own normal form; the backend's normalization
     * goes through streams for any key (11 % of the store's CPU under load, all for string ids).
     */
    private static KeyValue normalized(KeyValue key) {
        return key.size() == 1 && key.get(0) instanceof String ? key : key.normalized();
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

    /** The key's string id, when this is the {@code _id} index and the key is one. */
    private String stringId(KeyValue key) {
        return documents != null && key.size() == 1 && key.get(0) instanceof String id ? id : null;
    }

    /** Whether this is a collection's {@code _id} index, which answers for string ids from its documents. */
    boolean answersFromDocuments() {
        return documents != null;
    }

    /** The collection removes the document itself, just after. */
    @Override
    protected Object removeDocument(KeyValue key) {
        if (stringId(key) != null) {
            return getPosition(key);
        }
        Object removed = positions.remove(key);
        if (removed != null) {
            backend.journalRemove(positions, key);
        }
        return removed;
    }

    /** The collection has stored the document under its id just before (after {@link #checkAdd}). */
    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        String id = stringId(key);
        if (id != null) {
            return id.equals(position);
        }
        Object value = Missing.ofNullable(position);
        if (positions.putIfAbsent(key, value) != null) {
            return false;
        }
        backend.journalPut(positions, key, value);
        return true;
    }

    /** Every key with its position (the backend reads them all for a regular expression on the key). */
    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        if (documents == null) {
            return positions.entrySet();
        }
        Stream<Map.Entry<KeyValue, Object>> others = positions.entrySet().stream()
                .filter(entry -> stringId(entry.getKey()) == null);
        Stream<Map.Entry<KeyValue, Object>> strings = documents.keySet().stream()
                .filter(String.class::isInstance)
                .map(id -> Map.entry(new KeyValue(id), id));
        return Stream.concat(others, strings).toList();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        String id = stringId(key);
        if (id != null) {
            return documents.containsKey(id) ? id : null;
        }
        return positions.get(key);
    }

    /** For the {@code _id} index, one key per document. */
    @Override
    public long getCount() {
        return documents != null ? documents.sizeAsLong() : positions.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return documents != null ? documents.isEmpty() : positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
