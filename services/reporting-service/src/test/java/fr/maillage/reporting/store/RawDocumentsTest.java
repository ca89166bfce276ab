package fr.maillage.reporting.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** {@link RawDocuments} against the driver's codec: the same bytes, {@code _id} first. */
class RawDocumentsTest {

    @Test
    void writesWhatTheDriverWritesForAnInsertedDocument() {
        BsonDocument fact = new BsonDocument("revision", new BsonInt64(2)).append("month", new BsonString("2026-11"))
                .append("network", BsonNull.VALUE).append("participants", new BsonInt64(12))
                .append("_id", new BsonString("pub|r1"))
                .append("pending", new BsonArray(List.of(new BsonArray(List.of(new BsonString("maillage_activity_events-0"),
                        new BsonInt64(41), new BsonString("t:2026-11"), new BsonString("WORKSHOP|52"), new BsonInt64(-1))))))
                .append("other", new BsonDocument("d", new BsonDouble(0.5)).append("b", BsonBoolean.TRUE)
                        .append("i", new BsonInt32(7)).append("t", new BsonDateTime(1_700_000_000_000L))
                        .append("o", new BsonObjectId()).append("x", new BsonDecimal128(Decimal128.parse("1.25")))
                        .append("é", new BsonString("Évry \uD83D\uDE00")));

        RawBsonDocument raw = RawDocuments.of(fact);

        assertThat(raw).isEqualTo(fact);
        assertThat(raw.getFirstKey()).isEqualTo("_id");
        assertThat(raw.getByteBuffer().asNIO()).isEqualTo(driverInsert(fact).getByteBuffer().asNIO());
    }

    @Test
    void aDocumentWithoutIdKeepsItsOrder() {
        BsonDocument document = new BsonDocument("b", new BsonInt32(1)).append("a", new BsonArray());
        assertThat(RawDocuments.of(document).getByteBuffer().asNIO())
                .isEqualTo(new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO());
    }

    /** What the driver writes for a document it inserts: {@code _id} first. */
    private static RawBsonDocument driverInsert(BsonDocument document) {
        org.bson.io.BasicOutputBuffer bson = new org.bson.io.BasicOutputBuffer();
        try (org.bson.BsonBinaryWriter writer = new org.bson.BsonBinaryWriter(bson)) {
            new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().isEncodingCollectibleDocument(true).build());
        }
        return new RawBsonDocument(bson.toByteArray());
    }
}
