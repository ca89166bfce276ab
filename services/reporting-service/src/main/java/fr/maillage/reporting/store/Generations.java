package fr.maillage.reporting.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which generation of the projections serves queries, as one document: switching generations is
 * one atomic write, so after a crash the service resumes with either the old or the new one.
 */
public final class Generations {

    private static final Pattern REBUILD = Pattern.compile("^(.+)_rebuild_(\\d+)$");

    private final MongoDatabase database;
    private final MongoCollection<Document> pointer;

    public Generations(MongoDatabase database) {
        this.database = database;
        this.pointer = database.getCollection("reporting_generation");
    }

    public int live() {
        Document doc = pointer.find(Filters.eq("_id", "live")).first();
        return doc == null ? 0 : doc.getInteger("generation", 0);
    }

    public void makeLive(int generation) {
        pointer.replaceOne(Filters.eq("_id", "live"), new Document("_id", "live").append("generation", generation),
                new ReplaceOptions().upsert(true));
    }

    /** The generations that have collections in the store. */
    public Set<Integer> present() {
        Set<Integer> generations = new TreeSet<>();
        for (String name : database.listCollectionNames()) {
            if (ProjectionSet.COLLECTIONS.contains(name)) {
                generations.add(0);
            }
            Matcher matcher = REBUILD.matcher(name);
            if (matcher.matches() && ProjectionSet.COLLECTIONS.contains(matcher.group(1))) {
                generations.add(Integer.parseInt(matcher.group(2)));
            }
        }
        return generations;
    }

    /**
     * Drops the generation's collections that exist: dropping one that does not is harmless to
     * MongoDB, but the embedded store logs each such drop as an error with its stack trace, five
     * of them at the start of every rebuild.
     */
    public void drop(int generation) {
        String suffix = ProjectionSet.suffix(generation);
        Set<String> existing = new TreeSet<>();
        database.listCollectionNames().forEach(existing::add);
        for (String name : ProjectionSet.COLLECTIONS) {
            dropIfPresent(existing, name + suffix);
        }
        for (String name : ProjectionSet.EARLIER_LAYOUTS) {
            dropIfPresent(existing, name + suffix);
        }
    }

    private void dropIfPresent(Set<String> existing, String name) {
        if (existing.contains(name)) {
            database.getCollection(name).drop();
        }
    }

    /** Whether a generation was written by an earlier version, in a layout this one does not read. */
    public boolean hasEarlierLayout(int generation) {
        String suffix = ProjectionSet.suffix(generation);
        Set<String> names = new TreeSet<>();
        database.listCollectionNames().forEach(names::add);
        return ProjectionSet.EARLIER_LAYOUTS.stream().anyMatch(name -> names.contains(name + suffix));
    }
}
