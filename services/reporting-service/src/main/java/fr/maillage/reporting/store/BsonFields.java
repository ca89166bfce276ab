package fr.maillage.reporting.store;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/** Nullable values to and from {@link BsonDocument}s, which encode without a codec lookup per value. */
final class BsonFields {

    private BsonFields() {
    }

    static BsonValue string(String value) {
        return value == null ? BsonNull.VALUE : new BsonString(value);
    }

    static BsonValue int64(long value) {
        return new BsonInt64(value);
    }

    static BsonValue int32(Integer value) {
        return value == null ? BsonNull.VALUE : new BsonInt32(value);
    }

    static BsonValue decimal(Double value) {
        return value == null ? BsonNull.VALUE : new BsonDouble(value);
    }

    static String string(BsonDocument doc, String key) {
        BsonValue value = doc.get(key);
        return value == null || value.isNull() ? null : value.asString().getValue();
    }

    static long int64(BsonDocument doc, String key) {
        return doc.get(key).asNumber().longValue();
    }

    static Integer int32(BsonDocument doc, String key) {
        BsonValue value = doc.get(key);
        return value == null || value.isNull() ? null : value.asNumber().intValue();
    }

    static Double decimal(BsonDocument doc, String key) {
        BsonValue value = doc.get(key);
        return value == null || value.isNull() ? null : value.asNumber().doubleValue();
    }
}
