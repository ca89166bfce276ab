package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Index keys are stored as {@code {v: [values…]}} in BSON; the short path for a single string must
 * write exactly the bytes of the general encoder (files written before it are read the same way)
 * and read back every key, whichever path wrote it.
 */
class KeyValueTypeTest {

    private static final List<KeyValue> KEYS = List.of(
            new KeyValue("tl-1"), new KeyValue(""), new KeyValue("org-12|report-é€😀"),
            new KeyValue("x".repeat(5_000)), new KeyValue(42L), new KeyValue(3), new KeyValue("a", 7L),
            new KeyValue(new Document("nested", "doc")), new KeyValue(2.5));

    @Test
    void aSingleStringKeyIsWrittenAsTheGeneralEncoderWritesIt() {
        for (KeyValue key : KEYS) {
            assertThat(written(key)).as(key.toString()).isEqualTo(generalEncoding(key));
        }
    }

    @Test
    void everyKeyReadsBackEqual() {
        for (KeyValue key : KEYS) {
            ByteBuffer bytes = ByteBuffer.wrap(written(key));
            KeyValue read = KeyValueType.INSTANCE.read(bytes);
            assertThat(read).as(key.toString()).isEqualTo(key);
            assertThat(bytes.remaining()).as("all of its bytes read").isZero();
        }
    }

    @Test
    void onlyTheExactShapeOfOneStringTakesTheShortPath() {
        assertThat(KeyValueType.singleString(BsonBytesType.encode(new Document("v", List.of("tl-1"))))).isEqualTo("tl-1");
        assertThat(KeyValueType.singleString(BsonBytesType.encode(new Document("v", List.of(42L))))).isNull();
        assertThat(KeyValueType.singleString(BsonBytesType.encode(new Document("v", List.of("a", "b"))))).isNull();
        assertThat(KeyValueType.singleString(BsonBytesType.encode(new Document("w", List.of("tl-1"))))).isNull();
        assertThat(KeyValueType.singleString(new byte[3])).isNull();
    }

    @Test
    void ordersKeysAsTheServersComparatorDoes() {
        List<KeyValue> keys = new ArrayList<>(KEYS);
        keys.addAll(List.of(new KeyValue("tl-10"), new KeyValue("tl-2"), new KeyValue("Tl-1"), new KeyValue("é"),
                new KeyValue("\uFFFF"), new KeyValue("😀"), new KeyValue("a", "b"), new KeyValue("a", 7L, "c")));
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                assertThat(Integer.signum(KeyValueType.INSTANCE.compare(a, b))).as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(serversOrder(a, b)));
            }
        }
    }

    /** Value by value with the server's comparator, then the shorter first. */
    private static int serversOrder(KeyValue a, KeyValue b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = ValueComparator.asc().compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static byte[] written(KeyValue key) {
        WriteBuffer buffer = new WriteBuffer(16);
        KeyValueType.INSTANCE.write(buffer, key);
        return bytesOf(buffer);
    }

    private static byte[] generalEncoding(KeyValue key) {
        List<Object> values = new ArrayList<>();
        key.forEach(values::add);
        WriteBuffer buffer = new WriteBuffer(16);
        BsonBytesType.INSTANCE.write(buffer, BsonBytesType.encode(new Document("v", values)));
        return bytesOf(buffer);
    }

    private static byte[] bytesOf(WriteBuffer buffer) {
        ByteBuffer out = buffer.getBuffer();
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
