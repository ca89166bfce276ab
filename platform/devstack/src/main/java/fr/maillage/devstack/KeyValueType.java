package fr.maillage.devstack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The keys of a unique index (the {@code _id} index above all): stored as BSON, ordered the way
 * the server orders values.
 *
 * <p>Left to itself, H2 compares keys it does not know by serialising both with Java serialization
 * at every step of a binary search: that was two thirds of the server's time under load, on every
 * lookup by {@code _id} and every insert.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

    static final KeyValueType INSTANCE = new KeyValueType();
    private static final Comparator<Object> VALUES = ValueComparator.asc();

    private KeyValueType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int order = VALUES.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        BsonDocumentType.INSTANCE.write(buffer, new Document("v", values));
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        List<?> values = (List<?>) BsonDocumentType.INSTANCE.read(buffer).get("v");
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }

    @Override
    public int getMemory(KeyValue key) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        return BsonDocumentType.INSTANCE.getMemory(new Document("v", values));
    }
}
