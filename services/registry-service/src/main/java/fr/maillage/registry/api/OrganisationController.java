package fr.maillage.registry.api;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.registry.usecase.IssueApiKey;
import fr.maillage.registry.usecase.RegisterOrganisation;
import fr.maillage.registry.usecase.RevokeApiKey;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.Page;
import fr.maillage.security.Role;
import fr.maillage.security.Versions;
import fr.maillage.territory.TerritoryLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@RestController
@Validated
@RequestMapping("/api/v1/organisations")
@Tag(name = "Organisations", description = "Legal bodies behind places, local authorities, and their API keys")
class OrganisationController {

    private final RegisterOrganisation registerOrganisation;
    private final IssueApiKey issueApiKey;
    private final RevokeApiKey revokeApiKey;
    private final AggregateStore<Organisation> organisations;
    private final RegistrySearches searches;

    OrganisationController(RegisterOrganisation registerOrganisation, IssueApiKey issueApiKey, RevokeApiKey revokeApiKey,
                           AggregateStore<Organisation> organisations, RegistrySearches searches) {
        this.registerOrganisation = registerOrganisation;
        this.issueApiKey = issueApiKey;
        this.revokeApiKey = revokeApiKey;
        this.organisations = organisations;
        this.searches = searches;
    }

    record TerritoryRequest(@NotNull TerritoryLevel level, @NotBlank @Size(max = 12) String code) {
    }

    record OrganisationRegistration(
            @Pattern(regexp = ThirdPlaceRequests.ID, message = "must be 1 to 64 letters, digits, '-' or '_'") String id,
            @NotBlank @Size(max = 200) @Pattern(regexp = ThirdPlaceRequests.TEXT, message = "must not contain control characters nor invalid Unicode") String name,
            @NotNull OrganisationKind kind,
            String siret,
            String rna,
            @NotEmpty @Size(max = 5) Set<@NotNull Role> roles,
            @Valid TerritoryRequest territory) {
    }

    record OrganisationResponse(String id, long version, String name, String kind, String siret, String rna,
                                List<String> roles, Organisation.Territory territory, List<KeyInfo> apiKeys,
                                Instant createdAt, Instant updatedAt) {
        record KeyInfo(String keyId, Instant issuedAt) {
        }

        static OrganisationResponse of(Organisation o) {
            return new OrganisationResponse(o.id(), o.version(), o.name(), o.kind().name(), o.siret(), o.rna(),
                    o.roles().stream().sorted().toList(), o.territory(),
                    o.apiKeys().stream().map(key -> new KeyInfo(key.keyId(), key.issuedAt())).toList(),
                    o.createdAt(), o.updatedAt());
        }
    }

    record IssuedKeyResponse(String keyId, String apiKey) {
    }

    @PostMapping
    @Operation(summary = "Register an organisation", description = "NATIONAL. SIRET (Luhn) or RNA (an ASSOCIATION's only); "
            + "a LOCAL_AUTHORITY is of kind COMMUNE, EPCI, DEPARTEMENT or REGION, with a territory of that level (its own). "
            + "A SIRET or RNA names one organisation: 409 naming the one that holds "
            + "it (organisationId), 503 while another registration of it is on its way. Idempotent with a client-chosen id "
            + "(not a version-3 UUID, the form of the ids keys stand for) or an Idempotency-Key header, not both (400).")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "200", description = "A retry: this organisation was already registered with this id "
            + "or Idempotency-Key (409 if it was with other fields)")
    ResponseEntity<OrganisationResponse> register(Caller caller, @Valid @RequestBody OrganisationRegistration request,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        caller.requireAny(Role.NATIONAL);
        String id = IdempotencyKeys.idFor(caller, "organisation", "id", request.id(), idempotencyKey);
        var territory = request.territory() == null ? null
                : new Organisation.Territory(request.territory().level().name(), request.territory().code().toUpperCase());
        var result = registerOrganisation.register(new RegisterOrganisation.Command(id, request.name().trim(), request.kind(),
                request.siret(), request.rna(), request.roles().stream().map(Enum::name).collect(Collectors.toSet()),
                territory));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/organisations/" + id))
                .eTag(Versions.etag(result.organisation().version()))
                .body(OrganisationResponse.of(result.organisation()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One organisation", description = "NATIONAL, or the organisation itself.")
    ResponseEntity<OrganisationResponse> get(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id) {
        if (!caller.isNational() && !caller.organisationId().equals(id)) {
            throw ApiException.forbidden("Only the national structure or the organisation itself may read it.");
        }
        var found = organisations.find(id).orElseThrow(() -> ApiException.notFound("organisation", id));
        return ResponseEntity.ok().eTag(Versions.etag(found.version())).body(OrganisationResponse.of(found.state()));
    }

    @GetMapping
    @Operation(summary = "List organisations", description = "NATIONAL. Filters combine; pages count from 0, "
            + "oldest first (a page stays put while others are created).")
    Page<OrganisationResponse> list(Caller caller,
                                    @RequestParam(required = false) Role role,
                                    @RequestParam(required = false) OrganisationKind kind,
                                    @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                    @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        caller.requireAny(Role.NATIONAL);
        var found = searches.organisations(new RegistrySearches.OrganisationCriteria(role == null ? null : role.name(), kind),
                page, size);
        return new Page<>(found.items().stream().map(OrganisationResponse::of).toList(), page, size, found.total());
    }

    @PostMapping("/{id}/api-keys")
    @Operation(summary = "Issue an API key", description = "NATIONAL. The key is shown this once; only its hash is kept. "
            + "With an Idempotency-Key, a retry is refused (409) instead of issuing a second key. The other "
            + "services learn the key from the registry's state stream: until they have (usually within seconds) "
            + "they answer 401 to it, so a client retries a 401 of a key just issued before giving it up.")
    @ApiResponse(responseCode = "201", description = "Issued: keyId and apiKey")
    ResponseEntity<IssuedKeyResponse> issueKey(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        caller.requireAny(Role.NATIONAL);
        String keyId = IdempotencyKeys.derivedId(caller, "api-key|" + id, idempotencyKey);
        var issued = issueApiKey.issue(new IssueApiKey.Command(id, keyId));
        return ResponseEntity.status(HttpStatus.CREATED).body(new IssuedKeyResponse(issued.keyId(), issued.apiKey()));
    }

    @DeleteMapping("/{id}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key", description = "NATIONAL. Every service refuses the key within seconds.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    ResponseEntity<Void> revokeKey(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                   @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String keyId) {
        caller.requireAny(Role.NATIONAL);
        revokeApiKey.revoke(new RevokeApiKey.Command(id, keyId));
        return ResponseEntity.noContent().build();
    }
}
