package fr.maillage.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A stored document's BSON, written and read exactly as the library's {@link BsonEncoder} and
 * {@link BsonDecoder} do (same bytes, same Java types: {@code BsonBytesTest} compares them), only
 * cheaper: every insertion is encoded and every document read is decoded, and those two were a
 * third of the store's time in a rebuild. The library looks each key up again while iterating
 * the keys, copies every string into a new array on its way to the buffer, and turns each array
 * into a document keyed "0", "1" … and back. Here names and ASCII strings are copied char by char
 * into one growing array, arrays are written and read as lists, and a value of a type not written
 * here (ids, binary data, decimals …) is left to the library. It reads only what it wrote: a
 * malformed document (cut short, duplicate array indexes) is refused or read otherwise than by
 * the library, which the store never needs.
 */
final class BsonBytes {

    private BsonBytes() {
    }

    /**
     * Each thread's array to write into, kept between documents (unless a huge one grew it): a new
     * one per document, grown on the way, was most of what encoding allocated.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);
    private static final int SCRATCH_KEPT = 1 << 20;

    static byte[] encode(Map<String, ?> document) {
        Output out = new Output(SCRATCH.get());
        out.document(document);
        if (out.bytes.length <= SCRATCH_KEPT) {
            SCRATCH.set(out.bytes);
        }
        return out.toByteArray();
    }

    static Document decode(byte[] bson) {
        return new Input(bson).document();
    }

    private static final class Output {
        private byte[] bytes;
        private int size;

        Output(byte[] scratch) {
            this.bytes = scratch;
        }

        void document(Map<String, ?> document) {
            int start = reserveLength();
            for (Map.Entry<String, ?> field : document.entrySet()) {
                value(field.getKey(), field.getValue());
            }
            endDocument(start);
        }

        private void array(Collection<?> values) {
            int start = reserveLength();
            int index = 0;
            for (Object value : values) {
                byte type = typeOf(value);
                writeByte(type);
                writeIndexName(index++);
                payload(type, value);
            }
            endDocument(start);
        }

        /**
         * The library's type of a value, by exact class for the usual ones: its chain of
         * {@code instanceof} starts with interfaces ({@code Map}), which a string or a number is
         * tested against by scanning its own interfaces, a third of this encoder's time.
         */
        private static byte typeOf(Object value) {
            if (value == null) {
                return BsonConstants.TYPE_NULL;
            }
            Class<?> type = value.getClass();
            if (type == String.class) {
                return BsonConstants.TYPE_UTF8_STRING;
            } else if (type == Long.class) {
                return BsonConstants.TYPE_INT64;
            } else if (type == Integer.class) {
                return BsonConstants.TYPE_INT32;
            } else if (type == Document.class) {
                return BsonConstants.TYPE_EMBEDDED_DOCUMENT;
            } else if (type == ArrayList.class) {
                return BsonConstants.TYPE_ARRAY;
            } else if (type == Double.class) {
                return BsonConstants.TYPE_DOUBLE;
            } else if (type == Boolean.class) {
                return BsonConstants.TYPE_BOOLEAN;
            } else if (type == Instant.class) {
                return BsonConstants.TYPE_UTC_DATETIME;
            }
            return BsonEncoder.determineType(value);
        }

        private void value(String name, Object value) {
            byte type = typeOf(value);
            writeByte(type);
            writeCString(name);
            payload(type, value);
        }

        @SuppressWarnings("unchecked")
        private void payload(byte type, Object value) {
            switch (type) {
                case BsonConstants.TYPE_UTF8_STRING -> writeString((String) value);
                case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> document((Map<String, ?>) value);
                case BsonConstants.TYPE_ARRAY -> array((Collection<?>) value);
                case BsonConstants.TYPE_INT32 -> writeInt((Integer) value);
                case BsonConstants.TYPE_INT64 -> writeLong((Long) value);
                case BsonConstants.TYPE_DOUBLE -> writeLong(Double.doubleToRawLongBits((Double) value));
                case BsonConstants.TYPE_BOOLEAN -> writeByte((Boolean) value ? BsonConstants.BOOLEAN_VALUE_TRUE
                        : BsonConstants.BOOLEAN_VALUE_FALSE);
                case BsonConstants.TYPE_UTC_DATETIME -> writeLong(((Instant) value).toEpochMilli());
                case BsonConstants.TYPE_NULL -> { }
                default -> byLibrary(type, value);
            }
        }

        private void byLibrary(byte type, Object value) {
            ByteBuf buffer = Unpooled.buffer(32);
            try {
                BsonEncoder.encodeValue(type, value, buffer);
                byte[] encoded = ByteBufUtil.getBytes(buffer);
                ensure(encoded.length);
                System.arraycopy(encoded, 0, bytes, size, encoded.length);
                size += encoded.length;
            } finally {
                buffer.release();
            }
        }

        private int reserveLength() {
            int start = size;
            writeInt(0);
            return start;
        }

        private void endDocument(int start) {
            writeByte(BsonConstants.TERMINATING_BYTE);
            setInt(start, size - start);
        }

        /** Writes the length reserved at {@code at}, once what it measures is written. */
        private void setInt(int at, int value) {
            bytes[at] = (byte) value;
            bytes[at + 1] = (byte) (value >>> 8);
            bytes[at + 2] = (byte) (value >>> 16);
            bytes[at + 3] = (byte) (value >>> 24);
        }

        /** As {@code String.valueOf(index)} in ASCII, then the terminating zero. */
        private void writeIndexName(int index) {
            if (index < 10) {
                ensure(2);
                bytes[size++] = (byte) ('0' + index);
                bytes[size++] = 0;
            } else {
                writeCString(Integer.toString(index));
            }
        }

        private void writeCString(String text) {
            writeUtf8(text);
            writeByte(BsonConstants.STRING_TERMINATION);
        }

        private void writeString(String text) {
            int lengthAt = reserveLength();
            writeUtf8(text);
            writeByte(BsonConstants.STRING_TERMINATION);
            setInt(lengthAt, size - lengthAt - 4);
        }

        /** ASCII char by char; anything else as {@code getBytes(UTF_8)} writes it (lone surrogates included). */
        private void writeUtf8(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    ensure(utf8.length);
                    System.arraycopy(utf8, 0, bytes, size, utf8.length);
                    size += utf8.length;
                    return;
                }
                bytes[size + i] = (byte) c;
            }
            size += length;
        }

        private void writeByte(byte value) {
            ensure(1);
            bytes[size++] = value;
        }

        private void writeInt(int value) {
            ensure(4);
            bytes[size++] = (byte) value;
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) (value >>> 16);
            bytes[size++] = (byte) (value >>> 24);
        }

        private void writeLong(long value) {
            ensure(8);
            for (int shift = 0; shift < 64; shift += 8) {
                bytes[size++] = (byte) (value >>> shift);
            }
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** Field names read recently, by a hash of their bytes; a slot is overwritten by the next name hashed to it. */
    private static final String[] NAMES = new String[4096];
    private static final int MAX_NAME_KEPT = 48;

    private static final class Input {
        private final byte[] bytes;
        private int position;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        Document document() {
            int end = documentEnd();
            Document document = new Document();
            while (true) {
                byte type = bytes[position++];
                if (type == BsonConstants.TERMINATING_BYTE) {
                    break;
                }
                String name = readCString();
                if (document.put(name, value(type)) != null) {
                    throw new IllegalArgumentException("Document already contains field '" + name + "'");
                }
            }
            checkEnd(end);
            return document;
        }

        private List<Object> array() {
            int end = documentEnd();
            List<Object> values = new ArrayList<>();
            while (true) {
                byte type = bytes[position++];
                if (type == BsonConstants.TERMINATING_BYTE) {
                    break;
                }
                skipCString(); // the index: the library keeps the values in their order, whatever their names
                values.add(value(type));
            }
            checkEnd(end);
            return values;
        }

        private Object value(byte type) {
            switch (type) {
                case BsonConstants.TYPE_UTF8_STRING -> {
                    int length = readInt() - 1;
                    String value = text(position, length);
                    position += length;
                    if (bytes[position++] != BsonConstants.STRING_TERMINATION) {
                        throw new IllegalArgumentException("Unexpected trailing byte: " + bytes[position - 1]);
                    }
                    return value;
                }
                case BsonConstants.TYPE_EMBEDDED_DOCUMENT -> {
                    return document();
                }
                case BsonConstants.TYPE_ARRAY -> {
                    return array();
                }
                case BsonConstants.TYPE_INT32 -> {
                    return readInt();
                }
                case BsonConstants.TYPE_INT64 -> {
                    return readLong();
                }
                case BsonConstants.TYPE_DOUBLE -> {
                    return Double.longBitsToDouble(readLong());
                }
                case BsonConstants.TYPE_UTC_DATETIME -> {
                    return Instant.ofEpochMilli(readLong());
                }
                case BsonConstants.TYPE_NULL, BsonConstants.TYPE_UNDEFINED -> {
                    return null;
                }
                case BsonConstants.TYPE_BOOLEAN -> {
                    byte value = bytes[position++];
                    if (value == BsonConstants.BOOLEAN_VALUE_TRUE || value == BsonConstants.BOOLEAN_VALUE_FALSE) {
                        return value == BsonConstants.BOOLEAN_VALUE_TRUE;
                    }
                    throw new IllegalArgumentException("Illegal boolean value:" + value);
                }
                default -> {
                    ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
                    buffer.readerIndex(position);
                    Object value = BsonDecoder.decodeValue(type, buffer);
                    position = buffer.readerIndex();
                    return value;
                }
            }
        }

        /** Reads a document's length; answers where it must end. */
        private int documentEnd() {
            int start = position;
            int length = readInt();
            if (length < 5 || start + length > bytes.length) {
                throw new IllegalArgumentException("Illegal BSON length " + length + " at " + start + " of " + bytes.length);
            }
            return start + length;
        }

        private void checkEnd(int end) {
            if (position != end) {
                throw new IllegalArgumentException("BSON document ends at " + position + ", its length says " + end);
            }
        }

        private String readCString() {
            int start = position;
            int end = terminator(start);
            position = end + 1;
            return name(start, end - start);
        }

        /**
         * A field name, the same string as the last time these bytes were read when it is still in
         * {@link #NAMES}: the same few names recur in every document (reporting's counter documents
         * hold hundreds of cells), and a new string for each, its hash then computed again by the
         * document's map, was a third of what decoding allocated.
         */
        private String name(int offset, int length) {
            if (length > MAX_NAME_KEPT) {
                return text(offset, length);
            }
            int hash = 0;
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                if (b < 0) {
                    return text(offset, length);
                }
                hash = 31 * hash + b; // String.hashCode of ASCII text
            }
            int slot = (hash ^ (hash >>> 16)) & (NAMES.length - 1);
            String known = NAMES[slot];
            if (known != null && known.length() == length && sameAscii(known, offset)) {
                return known;
            }
            String name = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
            NAMES[slot] = name; // a string is immutable: any thread may read it from here
            return name;
        }

        private boolean sameAscii(String known, int offset) {
            for (int i = 0; i < known.length(); i++) {
                if (known.charAt(i) != bytes[offset + i]) {
                    return false;
                }
            }
            return true;
        }

        private void skipCString() {
            position = terminator(position) + 1;
        }

        private int terminator(int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == BsonConstants.STRING_TERMINATION) {
                    return i;
                }
            }
            throw new IllegalArgumentException("string termination not found");
        }

        /** ASCII as Latin-1 (the JDK then copies without decoding), anything else as UTF-8. */
        private String text(int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] < 0) {
                    return new String(bytes, offset, length, StandardCharsets.UTF_8);
                }
            }
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }

        private int readInt() {
            int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8
                    | (bytes[position + 2] & 0xff) << 16 | (bytes[position + 3] & 0xff) << 24;
            position += 4;
            return value;
        }

        private long readLong() {
            long value = 0;
            for (int i = 7; i >= 0; i--) {
                value = value << 8 | (bytes[position + i] & 0xff);
            }
            position += 8;
            return value;
        }
    }
}
