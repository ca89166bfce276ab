package fr.maillage.registry.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import org.bson.Document;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Facilitators' pseudonymous ids, the only ids of them the API answers (no event names one since
 * the facilitator events were retired). With an {@code Idempotency-Key} the id is
 * a keyed hash of the organisation and the key, so that a retry lands on the same id: with a plain
 * hash, anyone could check a guess of the key (an e-mail address sent as a key, say) against an id.
 * The secret is made once and kept in the registry's store, never in an event; without a key the
 * id is random.
 */
@Component
public class FacilitatorIds {

    private static final String SECRET_ID = "facilitator-ids";

    private final MongoCollection<Document> secrets;
    private volatile SecretKeySpec secret;

    FacilitatorIds(MongoDatabase database) {
        this.secrets = database.getCollection("registry_secrets");
    }

    public String idFor(Caller caller, String idempotencyKey) {
        if (!IdempotencyKeys.given(idempotencyKey)) {
            return UUID.randomUUID().toString();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret());
            byte[] keyed = mac.doFinal((caller.organisationId() + "|facilitator|" + idempotencyKey)
                    .getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(keyed).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Made by the first registration with a key, of any instance; the others read that one. */
    private SecretKeySpec secret() {
        SecretKeySpec known = secret;
        if (known == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            secrets.updateOne(Filters.eq("_id", SECRET_ID),
                    Updates.setOnInsert("secret", Base64.getEncoder().encodeToString(fresh)), new UpdateOptions().upsert(true));
            Document stored = secrets.find(Filters.eq("_id", SECRET_ID)).first();
            if (stored == null) {
                throw new IllegalStateException("The facilitators' id secret was written but cannot be read back");
            }
            known = new SecretKeySpec(Base64.getDecoder().decode(stored.getString("secret")), "HmacSHA256");
            secret = known;
        }
        return known;
    }
}
