package fr.maillage.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    // {v: ["…"]}: document length, array element "v", array length, string element "0", string length, string, three ends
    private static final byte ARRAY = 0x04;
    private static final byte STRING = 0x02;
    private static final byte V = 'v';
    private static final byte FIRST = '0';
    private static final byte END = 0;
    /** Bytes of the document around its array: its length, the element's type and name, its end. */
    private static final int DOCUMENT_OVERHEAD = 4 + 1 + 2 + 1;
    /** Bytes of the array around the string's UTF-8: its length, the element's type and name, the string's length and end, the array's end. */
    private static final int ARRAY_OVERHEAD = 4 + 1 + 2 + 4 + 1 + 1;
    private static final Comparator<Object> VALUES = ValueComparator.asc();

    private KeyValueType() {
    }

    /**
     * The server's order; two strings (every {@code _id} here) compared directly, as the server's
     * comparator ends up doing after it has ranked both values' types by walking its list of
     * types (that walk was a sixth of the server's CPU under load, a binary search comparing keys
     * at every step of every lookup and insert).
     */
    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int order = x instanceof String s && y instanceof String t ? s.compareTo(t) : VALUES.compare(x, y);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * As a BSON document {@code {v: [values…]}}, written like the documents (see {@link BsonBytesType}).
     * A commit writes every key of every index page it changes, and a page read decodes all of its
     * keys: for the usual key, one string (an {@code _id}), the same bytes are written and read here
     * directly, without the document, list and buffers of the general encoder (which were 44 % of
     * what the server allocated while it stored new documents; {@code StoreBenchmark}).
     */
    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        if (key.size() == 1 && key.get(0) instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            int arrayLength = ARRAY_OVERHEAD + utf8.length;
            buffer.putVarInt(DOCUMENT_OVERHEAD + arrayLength)
                    .putInt(Integer.reverseBytes(DOCUMENT_OVERHEAD + arrayLength)).put(ARRAY).put(V).put(END)
                    .putInt(Integer.reverseBytes(arrayLength)).put(STRING).put(FIRST).put(END)
                    .putInt(Integer.reverseBytes(utf8.length + 1)).put(utf8).put(END)
                    .put(END)
                    .put(END);
            return;
        }
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        BsonBytesType.INSTANCE.write(buffer, BsonBytesType.encode(new Document("v", values)));
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        byte[] bson = BsonBytesType.INSTANCE.read(buffer);
        String text = singleString(bson);
        if (text != null) {
            return new KeyValue(text);
        }
        List<?> values = (List<?>) BsonBytesType.decode(bson).get("v");
        return new KeyValue(values);
    }

    /** The string of {@code {v: ["…"]}}, or null if the key is anything else. */
    static String singleString(byte[] bson) {
        int length = bson.length - DOCUMENT_OVERHEAD - ARRAY_OVERHEAD;
        if (length < 0 || littleEndianInt(bson, 0) != bson.length || bson[4] != ARRAY || bson[5] != V || bson[6] != END
                || littleEndianInt(bson, 7) != ARRAY_OVERHEAD + length || bson[11] != STRING || bson[12] != FIRST
                || bson[13] != END || littleEndianInt(bson, 14) != length + 1 || bson[bson.length - 3] != END) {
            return null;
        }
        return new String(bson, 18, length, StandardCharsets.UTF_8);
    }

    private static int littleEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }

    /** A rough size in the heap; it need not be exact, but it grows with the key. */
    @Override
    public int getMemory(KeyValue key) {
        int size = 48;
        for (Object value : key) {
            size += value instanceof CharSequence text ? 48 + 2 * text.length() : 24;
        }
        return size;
    }
}
