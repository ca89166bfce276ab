package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Cget2019;
import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.domain.SourceFields;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.domain.ThirdPlaceStatus;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.registry.store.ThirdPlaceBatches;
import fr.maillage.security.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Imports the CGET 2019 base. Each row becomes the tiers-lieu {@code cget-2019-<ID>}, so importing
 * the same file again changes nothing. The file owns the fields it has (name, address, postal code,
 * commune, coordinates, typologies); what the registry learnt since (status, operator, label,
 * network, facilitators …) is kept.
 */
@Service
public class ImportCget2019 {

    private static final Logger log = LoggerFactory.getLogger(ImportCget2019.class);
    private static final int ROUNDS = 3;

    private final ThirdPlaceBatches batches;
    private final CommuneLookup communes;
    private final Clock clock;

    ImportCget2019(ThirdPlaceBatches batches, CommuneLookup communes, Clock clock) {
        this.batches = batches;
        this.communes = communes;
        this.clock = clock;
    }

    public record Command(String csv) {
    }

    public record Rejection(int line, String id, String reason, String detail) {
    }

    /**
     * {@code kept}: rows that differ from a place whose file fields were changed through the API
     * since it was imported; the registry's values stand. {@code rejected} lists the first
     * {@value #LISTED_REJECTIONS} of the {@code rejectedCount} rows rejected.
     */
    public record Result(int imported, int updated, int unchanged, int kept, int rejectedCount, List<Rejection> rejected,
                         Map<String, Integer> rejectedByReason) {
    }

    /**
     * How many rejected rows an answer lists, the first by line (all are counted): a 1 MiB body of
     * empty rows would otherwise answer half a million of them, tens of megabytes.
     */
    public static final int LISTED_REJECTIONS = 1_000;

    public Result run(Command command) {
        long started = System.nanoTime();
        Cget2019.Reading reading = Cget2019.read(command.csv(), communes.territory());
        if (reading.headerProblem() != null) {
            throw ApiException.badRequest("The CSV's first line, its header, is malformed: " + reading.headerProblem()
                    + ".", List.of(new ApiException.FieldError("header", reading.headerProblem())));
        }
        if (!reading.missingColumns().isEmpty()) {
            List<ApiException.FieldError> errors = reading.missingColumns().stream()
                    .map(column -> new ApiException.FieldError(column, "required column is missing from the header line"))
                    .toList();
            throw ApiException.badRequest("The CSV lacks the column(s) " + String.join(", ", reading.missingColumns())
                    + " on its first line (the CGET 2019 header: ID,NOM_TL,ADRESSE,CP,…).", errors);
        }
        List<Rejection> rejected = new ArrayList<>();
        reading.rejected().forEach(row -> rejected.add(
                new Rejection(row.line(), row.sourceId(), row.reason().label(), row.detail())));

        Map<String, Cget2019.Placed> pending = new LinkedHashMap<>();
        reading.placed().forEach(row -> pending.put(row.placeId(), row));
        int imported = 0;
        int updated = 0;
        int unchanged = 0;
        int kept = 0;
        for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
            var existing = batches.findAll(pending.keySet());
            Instant now = clock.instant();
            List<ThirdPlaceBatches.Insert> inserts = new ArrayList<>();
            List<ThirdPlaceBatches.Update> updates = new ArrayList<>();
            for (Cget2019.Placed row : List.copyOf(pending.values())) {
                var current = existing.get(row.placeId());
                if (current == null) {
                    ThirdPlaceDetails details = details(row.place(), null);
                    ThirdPlace.Change change = ThirdPlace.register(row.placeId(), details, row.sourceRef(), now);
                    inserts.add(new ThirdPlaceBatches.Insert(change.place().importedAs(SourceFields.of(details)),
                            RegistryOutbox.of(change)));
                    continue;
                }
                ThirdPlace place = current.state();
                if (!row.sourceRef().equals(place.sourceRef())) {
                    rejected.add(new Rejection(row.line(), row.sourceId(), "id taken", "the tiers-lieu "
                            + row.placeId() + " was not created by this import"));
                    pending.remove(row.placeId());
                    continue;
                }
                ThirdPlaceDetails details = details(row.place(), place.details());
                Outcome<ThirdPlace.Change> outcome = place.update(details, now);
                if (outcome instanceof Outcome.Changed<ThirdPlace.Change> changed) {
                    if (place.sourceFieldsChangedSinceImport()) {
                        kept++;
                        pending.remove(row.placeId());
                        continue;
                    }
                    updates.add(new ThirdPlaceBatches.Update(current.version(),
                            changed.change().place().importedAs(SourceFields.of(details)),
                            RegistryOutbox.of(changed.change())));
                } else {
                    unchanged++;
                    pending.remove(row.placeId());
                }
            }
            Set<String> missed = batches.write(inserts, updates);
            for (var insert : inserts) {
                if (!missed.contains(insert.place().id())) {
                    imported++;
                    pending.remove(insert.place().id());
                }
            }
            for (var update : updates) {
                if (!missed.contains(update.place().id())) {
                    updated++;
                    pending.remove(update.place().id());
                }
            }
        }
        pending.values().forEach(row -> rejected.add(new Rejection(row.line(), row.sourceId(), "changed concurrently",
                "the tiers-lieu " + row.placeId() + " kept changing during the import; import again")));
        rejected.sort(Comparator.comparingInt(Rejection::line));
        Map<String, Integer> byReason = new TreeMap<>();
        rejected.forEach(rejection -> byReason.merge(rejection.reason(), 1, Integer::sum));
        log.info("CGET 2019 import: {} imported, {} updated, {} unchanged, {} kept as the registry has them, {} rejected {}"
                + " in {} ms", imported, updated, unchanged, kept, rejected.size(), byReason,
                (System.nanoTime() - started) / 1_000_000);
        return new Result(imported, updated, unchanged, kept, rejected.size(),
                List.copyOf(rejected.subList(0, Math.min(rejected.size(), LISTED_REJECTIONS))), byReason);
    }

    /** The row's fields over what the registry knows that the file does not say. */
    private static ThirdPlaceDetails details(Cget2019.Place row, ThirdPlaceDetails known) {
        return new ThirdPlaceDetails(row.name(), known == null ? null : known.operatorId(), row.address(),
                row.postalCode(), row.commune(), row.latitude(), row.longitude(), row.typologies(),
                known == null ? ThirdPlaceStatus.OPEN : known.status(), known == null ? null : known.surfaceM2(),
                known == null ? null : known.qpvCode(), known == null ? null : known.openedOn(),
                known == null ? null : known.services());
    }
}
