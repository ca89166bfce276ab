package fr.maillage.security;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of a write that creates something: a retry with the same key
 * from the same organisation lands on the same id, so it has no second effect.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_LENGTH = 200;
    /** What {@link #derivedId} makes: a name-based UUID (version 3, RFC 4122 variant). */
    private static final Pattern DERIVED_FORM = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", Pattern.CASE_INSENSITIVE);

    private IdempotencyKeys() {
    }

    /**
     * Whether a key was sent; 400 for a blank key (a client that meant to send one would otherwise
     * create twice on a retry), one over 200 characters or one with control characters.
     */
    public static boolean given(String idempotencyKey) {
        if (idempotencyKey == null) {
            return false;
        }
        if (idempotencyKey.isBlank()) {
            throw ApiException.invalidField(HEADER, "is empty: send a key (a new UUID for each new request), or leave"
                    + " the header out");
        }
        if (idempotencyKey.length() > MAX_LENGTH || idempotencyKey.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(HEADER, "must be at most " + MAX_LENGTH + " characters, without control characters");
        }
        return true;
    }

    /**
     * The id of a resource a client creates: the one it chose ({@code clientId}, the body's field
     * {@code idField}), else the one its key stands for, else a new random one. 400 for both an id and a
     * key (the key would be ignored, so a retry with the same key and another id would create twice),
     * and for a chosen id of the form keys' ids take (another organisation could otherwise take, ahead
     * of it, the id a guessable key stands for).
     */
    public static String idFor(Caller caller, String kind, String idField, String clientId, String idempotencyKey) {
        if (clientId == null) {
            return idFor(caller, kind, idempotencyKey);
        }
        requireNotBoth(idField, clientId, idempotencyKey);
        if (DERIVED_FORM.matcher(clientId).matches()) {
            throw ApiException.invalidField(idField, "is of the form of the ids made from an Idempotency-Key (a "
                    + "name-based UUID, version 3): choose another id, or leave it out and send the key");
        }
        return clientId;
    }

    /** 400 when a request names its id both in its body and by an Idempotency-Key. */
    public static void requireNotBoth(String idField, String clientId, String idempotencyKey) {
        if (clientId != null && given(idempotencyKey)) {
            throw ApiException.invalidField(HEADER, "give either " + idField + " in the body or an " + HEADER
                    + " header, not both: the " + idField + " already makes a retry safe");
        }
    }

    /** The id the key stands for, or a new random id without a key. */
    public static String idFor(Caller caller, String kind, String idempotencyKey) {
        String derived = derivedId(caller, kind, idempotencyKey);
        return derived != null ? derived : UUID.randomUUID().toString();
    }

    /**
     * A name-based id of (organisation, kind, key), or null without a key; 400 for a blank key, one
     * over 200 characters or one with control characters.
     */
    public static String derivedId(Caller caller, String kind, String idempotencyKey) {
        if (!given(idempotencyKey)) {
            return null;
        }
        return UUID.nameUUIDFromBytes((caller.organisationId() + "|" + kind + "|" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
