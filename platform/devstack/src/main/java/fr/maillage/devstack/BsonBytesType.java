package fr.maillage.devstack;

import java.nio.ByteBuffer;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The documents of a collection as H2 keeps them, in its pages and in its page cache: their BSON,
 * the server's own wire encoding, decoded only when a command reads one.
 *
 * <p>Left to itself, H2 would keep a {@link Document} with Java serialization. Keeping decoded
 * documents in the pages, as an earlier version did, cost the server most of its time under load:
 * a commit re-encoded every document of every page it wrote (a page holds dozens; an insert
 * changes one), and the page cache, hundreds of MB of small objects that kept pointing at freshly
 * decoded pages, was what its garbage collector spent its time on. Bytes are written as they are,
 * hold no references to trace, and take a fraction of the memory. On disk: the length as a
 * variable-size int, then the BSON.
 */
final class BsonBytesType extends BasicDataType<byte[]> {

    static final BsonBytesType INSTANCE = new BsonBytesType();

    private BsonBytesType() {
    }

    static byte[] encode(Document document) {
        return BsonBytes.encode(document);
    }

    static Document decode(byte[] bson) {
        return BsonBytes.decode(bson);
    }

    @Override
    public void write(WriteBuffer buffer, byte[] bson) {
        buffer.putVarInt(bson.length);
        buffer.put(bson);
    }

    @Override
    public byte[] read(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        byte[] bson = new byte[length];
        buffer.get(bson);
        return bson;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }

    /** What H2 sizes its cache and splits its pages by: the array's size in the heap. */
    @Override
    public int getMemory(byte[] bson) {
        return 16 + bson.length;
    }
}
