package fr.maillage.partnership.api;

import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.TextPatterns;


/** What the request records of this service share: id and text rules, ids from Idempotency-Key, If-Match. */
final class Requests {

    static final String ID = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
    static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '-' or '_'";
    static final String LINE = TextPatterns.LINE;
    static final String TEXT = TextPatterns.MULTILINE;
    static final String CONTROL_MESSAGE = TextPatterns.MESSAGE;

    private Requests() {
    }

    /** The client's id, else one derived from (organisation, Idempotency-Key) so a retry lands on it, else a new one. */
    static String idFor(String clientId, Caller caller, String kind, String idempotencyKey) {
        return IdempotencyKeys.idFor(caller, kind, "id", clientId, idempotencyKey);
    }
}
