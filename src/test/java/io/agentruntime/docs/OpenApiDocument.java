package io.agentruntime.docs;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The OpenAPI document the running application serves, read as a JSON tree. */
final class OpenApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final String SCHEMA_REF = "#/components/schemas/";

    /** One operation: its method, its path as written in the document, and its JSON. */
    record Operation(String method, String path, JsonNode node) {

        String id() {
            return node.path("operationId").asText("");
        }

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path + (id().isEmpty() ? "" : " (" + id() + ")");
        }
    }

    final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** Fetches {@code /q/openapi} from the application under test. */
    static OpenApiDocument fetch() {
        String json = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            return new OpenApiDocument(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> paths() {
        List<String> paths = new ArrayList<>();
        root.path("paths").fieldNames().forEachRemaining(paths::add);
        return paths;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        operations.add(new Operation(op.getKey(), path.getKey(), op.getValue()));
                    }
                }));
        return operations;
    }

    JsonNode components() {
        return root.path("components").path("schemas");
    }

    /** What a local {@code $ref} points at (following chains), or the node itself when it is not one. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.path("$ref").asText().startsWith("#/"); hops++) {
            current = root.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    /** Whether the schema is the named component, directly, by {@code $ref}, or as the only member of an allOf. */
    static boolean isComponent(JsonNode schema, String name) {
        if ((SCHEMA_REF + name).equals(schema.path("$ref").asText())) {
            return true;
        }
        JsonNode allOf = schema.path("allOf");
        return allOf.isArray() && allOf.size() == 1 && isComponent(allOf.get(0), name);
    }

    /**
     * A path with its parameters made comparable: {@code /v1/sessions/{id}} and
     * {@code /v1/sessions/{sessionId}} both become {@code /v1/sessions/{}}.
     */
    static String normalise(String path) {
        String p = path.replaceAll("\\{[^}/]*}", "{}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
