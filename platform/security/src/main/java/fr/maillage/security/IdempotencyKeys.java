package fr.maillage.security;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code Idempotency-Key} header of a write that creates something: a retry with the same key
 * from the same organisation lands on the same id, so it has no second effect.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_LENGTH = 200;

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
