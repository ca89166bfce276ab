package fr.maillage.registry.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fr.maillage.events.EventJson;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.security.Caller;
import fr.maillage.security.CallerDirectory;
import fr.maillage.security.Role;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The registry authenticates keys against its own organisations, so a revocation applies at once here. */
@Component
class OrganisationDirectory implements CallerDirectory {

    private final MongoDatabase database;

    OrganisationDirectory(MongoDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Caller> findByKeyHash(String sha256) {
        Document doc = database.getCollection(RegistryStores.ORGANISATIONS)
                .find(Filters.eq("state.apiKeys.sha256", sha256)).first();
        if (doc == null) {
            return Optional.empty();
        }
        Organisation organisation = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(),
                Organisation.class);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        organisation.roles().forEach(role -> roles.add(Role.valueOf(role)));
        String keyId = organisation.apiKeys().stream().filter(key -> key.sha256().equals(sha256))
                .map(Organisation.ApiKey::keyId).findFirst().orElse(null);
        var territory = organisation.territory();
        return Optional.of(new Caller(organisation.id(), keyId, roles,
                territory == null ? null : territory.level(), territory == null ? null : territory.code()));
    }
}
