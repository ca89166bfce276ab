package fr.maillage.devstack;

import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import org.h2.mvstore.MVMap;

/**
 * A unique index of the H2 backend (the position of each key's document, in a map of its own)
 * whose changes are also appended to the backend's {@link Journal}. The index's own methods are
 * synchronized and called under its collection's lock, so the journal has its changes in order.
 */
final class JournaledUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> positions;
    private final DurableH2Backend backend;

    JournaledUniqueIndex(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse,
                         DurableH2Backend backend) {
        super(name, keys, sparse);
        this.positions = positions;
        this.backend = backend;
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
