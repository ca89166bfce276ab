package fr.maillage.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;

/**
 * The errors in the API documentation: every operation may answer a client error (4XX) or a server
 * error (5XX), both as the RFC 9457 problem that {@link ProblemHandler} writes. An operation's own
 * description names the codes its rules give.
 */
class ProblemResponses implements OpenApiCustomizer {

    static final String SCHEMA = "Problem";

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(SCHEMA, problem());
        if (api.getComponents().getSchemas() != null) {
            // springdoc lists the advice's return type, whose 'properties' map is not what the JSON holds:
            // no operation answers it, Problem describes the errors
            api.getComponents().getSchemas().remove("ProblemDetail");
        }
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            operation.getResponses().putIfAbsent("4XX", response("A client error. 400: the request is invalid "
                    + "('errors' names each field or parameter); 401: no API key, or an unknown or revoked one; 403: "
                    + "not allowed for this key; 404: no such resource; 409: a conflict with the current state "
                    + "(a version that moved on gives 'currentVersion'); 428: If-Match is required; 429: too many "
                    + "requests (Retry-After); and HTTP's own 405, 406, 413 and 415."));
            operation.getResponses().putIfAbsent("5XX", response("A server error. 500: unexpected "
                    + "(the detail gives a reference); 503: a store or Kafka is unavailable, or the service is "
                    + "busy (Retry-After): retry, a write that creates something with the same id or Idempotency-Key."));
        }));
    }

    private static ApiResponse response(String description) {
        return new ApiResponse().description(description)
                .addHeaderObject("Retry-After", new Header()
                        .description("Seconds to wait before retrying, on 429 and 503").schema(typed("integer")))
                .content(new Content().addMediaType(Problems.MEDIA_TYPE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
    }

    private static Schema<?> problem() {
        Schema<?> fieldError = typed("object")
                .addProperty("field", typed("string").description("The field (e.g. reports[3].date) or parameter"))
                .addProperty("message", typed("string").description("What is wrong with it"));
        return typed("object")
                .description("An RFC 9457 problem (application/problem+json). Some carry more members, named in the "
                        + "operation's description: 'currentVersion' on a 409 of a versioned resource, "
                        + "'currentStatus' on a 409 of premises, 'results' (one per item) when an ingest batch is "
                        + "refused as a whole.")
                .addProperty("type", typed("string").format("uri").example("https://maillage.fr/problems/400"))
                .addProperty("title", typed("string").example("Invalid request"))
                .addProperty("status", typed("integer").description("The HTTP status").example(400))
                .addProperty("detail", typed("string").description("What is wrong, in words a person can act on"))
                .addProperty("instance", typed("string").format("uri-reference")
                        .description("The path of the request, when known"))
                .addProperty("errors", typed("array").items(fieldError)
                        .description("On a 400: each invalid field or parameter"))
                .required(List.of("title", "status", "detail"));
    }

    /** A schema of one JSON type, as OpenAPI 3.0 ('type') and 3.1 ('types') documents write it. */
    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.type(type);
        schema.addType(type);
        return schema;
    }
}
