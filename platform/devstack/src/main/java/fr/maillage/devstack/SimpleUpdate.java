package fr.maillage.devstack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An update of one document made only of {@code $inc} and {@code $max} of numbers and
 * {@code $set} and {@code $setOnInsert} of plain values (strings, numbers, booleans, dates) at plain
 * dotted paths: how reporting writes its counter documents ({@code $inc} of
 * {@code parts.<cell>.<counter>}, {@code $max} of {@code applied.<partition>}, a few thousand
 * paths per batch) and activity records each report it accepts ({@code $max} of its revision,
 * {@code $set} of the revision's hash, {@code $setOnInsert} of its publisher).
 *
 * <p>The backend applies any update by cloning the whole document deeply, then, for each path,
 * splitting it and compiling regular expressions to check it for positional operators: under load
 * that was most of what the store allocated and a fifth of its CPU. Here only the documents along
 * the paths are copied (the rest is shared with the stored document, which is not changed), and
 * each path is split once. The result is the backend's, with its arithmetic
 * ({@link NumericUtils#addNumbers}) and its ordering ({@link ValueComparator}); anything else, a
 * path through an array, a value of another type or another operator, is left to the backend,
 * which applies it or answers its error ({@code SimpleUpdateTest} compares both on random updates).
 */
final class SimpleUpdate {

    private enum Operator { INC, MAX, SET, SET_ON_INSERT }

    /** A field to change: its dotted key as sent, split into {@code path}. */
    private record Change(Operator operator, String key, String[] path, Object value) {
    }

    private static final Map<String, Operator> OPERATORS = Map.of("$inc", Operator.INC, "$max", Operator.MAX,
            "$set", Operator.SET, "$setOnInsert", Operator.SET_ON_INSERT);

    private final List<Change> changes;

    private SimpleUpdate(List<Change> changes) {
        this.changes = changes;
    }

    /** The update, or {@code null} when it is not of this form. */
    static SimpleUpdate of(Document update, String idField) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : update.entrySet()) {
            Operator operator = OPERATORS.get(entry.getKey());
            if (operator == null || !(entry.getValue() instanceof Document fields) || fields.isEmpty()) {
                return null;
            }
            boolean numbersOnly = operator == Operator.INC || operator == Operator.MAX;
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String[] path = plainPath(field.getKey());
                Object value = field.getValue();
                if (path == null || path[0].equals(idField)
                        || !(numbersOnly ? isPlainNumber(value) : isPlainNumber(value) || value instanceof String
                        || value instanceof Boolean || value instanceof Instant)) {
                    return null;
                }
                changes.add(new Change(operator, field.getKey(), path, value));
            }
        }
        if (changes.isEmpty() || conflicting(changes)) {
            return null;
        }
        return new SimpleUpdate(changes);
    }

    /** Whether one of the paths is a top-level field of {@code fields} (an indexed field, say). */
    boolean touchesAny(Set<String> fields) {
        return changes.stream().anyMatch(change -> fields.contains(change.path()[0]));
    }

    /**
     * A document after the update: {@code original} itself when no value changes (the original is
     * never changed in place). {@code modified} is what the backend reports: a value that changed
     * only its type (an integer incremented by 0.0 becomes a double) is stored but not counted.
     */
    record Applied(Document document, boolean modified) {
    }

    /**
     * The update applied ({@code $setOnInsert} only when {@code inserting}, the document then
     * being the upsert's {@code _id} alone), or {@code null} when a path meets anything but
     * documents, or an operator of numbers anything but numbers, or when the backend would refuse
     * to rewrite the document whatever the update (a top-level field named with a dot or a
     * dollar, or an array, whose elements it checks too).
     */
    Applied applyTo(Document original, boolean inserting) {
        for (Map.Entry<String, Object> field : original.entrySet()) {
            if (field.getKey().indexOf('.') >= 0 || field.getKey().startsWith("$") || field.getValue() instanceof Collection<?>) {
                return null;
            }
        }
        Document result = null;
        boolean modified = false;
        Set<Document> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Change change : changes) {
            if (change.operator() == Operator.SET_ON_INSERT && !inserting) {
                continue;
            }
            String[] path = change.path();
            Document parent = original;
            Object current = null;
            boolean present = true;
            for (int depth = 0; depth < path.length; depth++) {
                Object value = parent.get(path[depth]);
                if (value == null && !parent.containsKey(path[depth])) {
                    present = false;
                    break;
                }
                if (depth == path.length - 1) {
                    current = value;
                } else if (value instanceof Document child) {
                    parent = child;
                } else {
                    return null; // an array, null or a scalar on the way: the backend's rules
                }
            }
            Object updated;
            switch (change.operator()) {
                case INC, MAX -> {
                    if (present && !isPlainNumber(current)) {
                        return null;
                    }
                    if (change.operator() == Operator.INC) {
                        updated = NumericUtils.addNumbers(present ? (Number) current : Integer.valueOf(0),
                                (Number) change.value());
                    } else if (!present || ValueComparator.asc().compare(change.value(), current) > 0) {
                        updated = change.value();
                    } else {
                        continue;
                    }
                }
                default -> {
                    if (present && sameValue(current, change.value())) {
                        continue; // the backend keeps a value it takes for the same, even of another type
                    }
                    updated = change.value();
                }
            }
            if (present && updated.equals(current)) {
                continue;
            }
            if (result == null) {
                result = copy(original, copies);
            }
            writable(result, path, copies).put(path[path.length - 1], updated);
            modified |= !present || !sameValue(current, updated);
        }
        return new Applied(result == null ? original : result, modified);
    }

    /**
     * Whether the backend takes two values for the same when it counts modified documents: numbers
     * as doubles, except a long that a double cannot hold exactly; anything else as it is.
     */
    private static boolean sameValue(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? normalized(x).equals(normalized(y)) : Objects.equals(a, b);
    }

    private static Object normalized(Number value) {
        if (value instanceof Long exact && exact != (long) exact.doubleValue()) {
            return exact;
        }
        double asDouble = value.doubleValue();
        return asDouble == -0.0 ? 0.0 : asDouble;
    }

    /** The document holding the path's last field in {@code root}, copied (or created) on the way. */
    private static Document writable(Document root, String[] path, Set<Document> copies) {
        Document parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            Object value = parent.get(path[i]);
            Document child;
            if (value instanceof Document existing) {
                child = copies.contains(existing) ? existing : copy(existing, copies);
            } else {
                child = new Document();
                copies.add(child);
            }
            parent.put(path[i], child);
            parent = child;
        }
        return parent;
    }

    private static Document copy(Document document, Set<Document> copies) {
        Document copy = new Document(document);
        copies.add(copy);
        return copy;
    }

    /** The fragments of a dotted path, or {@code null} for an empty fragment or any {@code $} in it. */
    private static String[] plainPath(String key) {
        if (key.indexOf('$') >= 0) {
            return null;
        }
        String[] fragments = key.split("\\.", -1); // one escaped character: String.split takes its fast path, no regular expression
        for (String fragment : fragments) {
            if (fragment.isEmpty()) {
                return null;
            }
        }
        return fragments;
    }

    private static boolean isPlainNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double;
    }

    /** Two paths the same, or one inside the other: MongoDB refuses such an update. */
    private static boolean conflicting(List<Change> changes) {
        Set<String> paths = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (Change change : changes) {
            if (!paths.add(change.key()) || prefixes.contains(change.key())) {
                return true;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < change.path().length - 1; i++) {
                prefix.append(i == 0 ? "" : ".").append(change.path()[i]);
                prefixes.add(prefix.toString());
            }
        }
        for (String prefix : prefixes) {
            if (paths.contains(prefix)) {
                return true;
            }
        }
        return false;
    }
}
