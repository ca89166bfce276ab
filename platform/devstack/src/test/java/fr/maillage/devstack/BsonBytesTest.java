package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BsonBytes} against the library's encoder and decoder, which the store used before: the
 * same bytes for the same document, and the same document (field order and Java types included)
 * for the same bytes, over random documents of every type the library writes.
 */
class BsonBytesTest {

    private static final List<String> TEXTS = List.of("", "a", "_id", "WORKSHOP|52", "2026-11", "Fabrique de territoire",
            "Évry-Courcouronnes", "Saint-Étienne", "日本", "emoji \uD83D\uDE00", "lone \uD83D surrogate", "nul\u0000inside",
            "x".repeat(300), "é".repeat(200));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void writesAndReadsWhatTheLibraryDoes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            Document document = document(random, 0);
            byte[] expected = libraryEncode(document);

            assertThat(BsonBytes.encode(document)).as("bytes of %s", document).isEqualTo(expected);
            Document decoded = BsonBytes.decode(expected);
            assertThat(decoded).as("document of %s", document).usingRecursiveComparison().withStrictTypeChecking()
                    .withEqualsForType(Double::equals, Double.class)
                    .isEqualTo(libraryDecode(expected));
            // equality of maps ignores order; the same bytes again do not
            assertThat(libraryEncode(decoded)).isEqualTo(expected);
        }
    }

    @Test
    void writesAnyCollectionAsAnArrayAndReadsItBackAsAList() {
        Document document = new Document("set", new LinkedHashSet<>(List.of("b", "a", "c")))
                .append("many", new ArrayList<>(java.util.Collections.nCopies(25, 7)))
                .append("nested", List.of(List.of(), List.of(new Document("k", 1L)), new Document()));
        byte[] expected = libraryEncode(document);

        assertThat(BsonBytes.encode(document)).isEqualTo(expected);
        assertThat(BsonBytes.decode(expected)).isEqualTo(libraryDecode(expected))
                .containsEntry("set", List.of("b", "a", "c"));
    }

    private static Document document(Random random, int depth) {
        Document document = new Document();
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < fields; i++) {
            String name = TEXTS.get(random.nextInt(TEXTS.size()));
            // a name is a C string: one with a zero inside cannot be read back, by the library either
            document.put(name.replace('\u0000', '0') + i, value(random, depth));
        }
        return document;
    }

    private static Object value(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 20 : 17);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean() ? random.nextDouble() * 1e6 : List.of(Double.NaN, -0.0, Double.MAX_VALUE).get(random.nextInt(3));
            case 4, 5 -> TEXTS.get(random.nextInt(TEXTS.size()));
            case 6 -> random.nextBoolean();
            case 7 -> Instant.ofEpochMilli(random.nextLong() >> 20);
            case 8 -> new ObjectId();
            case 9 -> new BinData(new byte[] {1, 2, (byte) random.nextInt()});
            case 10 -> UUID.randomUUID();
            case 11 -> new LegacyUUID(random.nextLong(), random.nextLong());
            case 12 -> new Decimal128(random.nextLong(), random.nextLong());
            case 13 -> new BsonRegularExpression("^a.*é", "i");
            case 14 -> new BsonTimestamp(random.nextLong());
            case 15 -> random.nextBoolean() ? MinKey.getInstance() : MaxKey.getInstance();
            case 16 -> random.nextInt(1000);
            case 17, 18 -> document(random, depth + 1);
            default -> {
                List<Object> values = new ArrayList<>();
                int size = random.nextInt(4) == 0 ? 12 + random.nextInt(20) : random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    values.add(value(random, depth + 1));
                }
                yield values;
            }
        };
    }

    private static byte[] libraryEncode(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    private static Document libraryDecode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }
}
