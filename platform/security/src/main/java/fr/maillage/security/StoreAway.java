package fr.maillage.security;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;

/**
 * The driver's failures that mean the store cannot serve just now (unreachable, its connections
 * dropped when it went away, a primary stepping down), as opposed to a request it refused: the
 * caller may retry shortly. One list for every place that answers them with 503.
 */
final class StoreAway {

    private StoreAway() {
    }

    static boolean is(MongoException e) {
        return e instanceof MongoTimeoutException || e instanceof MongoSocketException
                || e instanceof MongoConnectionPoolClearedException || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException || notReplicated(e);
    }

    /**
     * Written on the primary but not acknowledged by the replica set in time (a secondary away):
     * the retry the 503 asks for is safe, every write being conditional or idempotent.
     */
    private static boolean notReplicated(MongoException e) {
        // beside it, duplicate keys only: writes another request made first, which the retry finds
        return e instanceof MongoWriteConcernException
                || e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() != null
                && bulk.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000);
    }
}
