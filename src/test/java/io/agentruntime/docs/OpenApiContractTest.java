package io.agentruntime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentruntime.common.problem.ProblemType;
import io.agentruntime.docs.OpenApiDocument.Operation;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds the OpenAPI document the application serves to the project's API conventions (versioned paths,
 * named operations, problem+json errors, paged lists, camelCase JSON). Every rule collects all the
 * operations that break it, so one run names every drift.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final List<String> RFC_9457_MEMBERS = List.of("type", "title", "status", "detail", "instance");
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");
    /**
     * GETs that answer a collection of {@code items} but are not paged, and why. Keep this short: a list
     * that can grow with use must page.
     */
    private static final Map<String, String> UNPAGED_LISTS = Map.of(
            "listAgentProblems",
            "the problems of one catalog load, bounded by the number of agent files and "
                    + "answered whole with the catalogVersion they belong to: pages could mix two loads",
            "getUsage",
            "a report, not a list: one line per tenant and group of a period, answered whole with the total "
                    + "of its lines; a page could not carry it");

    private static OpenApiDocument doc;

    /** Fetched once per class; in a static @BeforeAll the application is not listening yet. */
    @BeforeEach
    void fetch() {
        if (doc != null) {
            return;
        }
        doc = OpenApiDocument.fetch();
    }

    @Test
    void pathsAreVersioned() {
        assertThat(doc.paths())
                .as("paths in the OpenAPI document")
                .isNotEmpty()
                .allSatisfy(path -> assertThat(path).as("path").matches("/v1(/.*)?"));
    }

    @Test
    void everyOperationHasAUniqueIdAndASummary() {
        Map<String, List<String>> byId = new HashMap<>();
        List<String> unnamed = new ArrayList<>();
        for (Operation op : doc.operations()) {
            if (op.id().isBlank() || op.node().path("summary").asText().isBlank()) {
                unnamed.add(op.toString());
            }
            byId.computeIfAbsent(op.id(), k -> new ArrayList<>()).add(op.toString());
        }
        assertThat(unnamed).as("operations without an operationId or a summary").isEmpty();
        assertThat(byId)
                .as("operationIds used more than once")
                .allSatisfy((id, ops) -> assertThat(ops).as(id).hasSize(1));
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblems() {
        List<String> withoutClientError = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        for (Operation op : doc.operations()) {
            boolean documented = false;
            for (var response : op.node().path("responses").properties()) {
                String code = response.getKey();
                if (!code.matches("[45]\\d\\d|[45]XX")) {
                    continue;
                }
                JsonNode content = doc.resolve(response.getValue()).path("content");
                JsonNode schema = content.path(PROBLEM_JSON).path("schema");
                if (content.size() != 1 || !isProblem(schema)) {
                    notProblems.add(op + " " + code + " "
                            + content.properties().stream()
                                    .map(Map.Entry::getKey)
                                    .toList() + " " + schema);
                }
                documented |=
                        code.startsWith("4") && content.size() == 1 && OpenApiDocument.isComponent(schema, "Problem");
            }
            if (!documented) {
                withoutClientError.add(op.toString());
            }
        }
        assertThat(withoutClientError)
                .as("operations documenting no 4xx application/problem+json response (schema Problem)")
                .isEmpty();
        assertThat(notProblems)
                .as("4xx/5xx responses whose only content is not application/problem+json with an " + "RFC 9457 schema")
                .isEmpty();
    }

    @Test
    void successfulAnswersHaveSchemas() {
        List<String> missing = new ArrayList<>();
        List<String> bareArrays = new ArrayList<>();
        for (Operation op : doc.operations()) {
            for (var response : op.node().path("responses").properties()) {
                String code = response.getKey();
                if (!code.startsWith("2") || code.equals("204")) {
                    continue;
                }
                JsonNode content = doc.resolve(response.getValue()).path("content");
                if (content.isEmpty() && (code.equals("200") || code.equals("201"))) {
                    missing.add(op + " " + code + ": no content");
                }
                for (var media : content.properties()) {
                    if (!isJson(media.getKey())) {
                        continue;
                    }
                    JsonNode schema = media.getValue().path("schema");
                    if (!describes(schema)) {
                        missing.add(op + " " + code + " " + media.getKey() + ": " + schema);
                    } else if ("array".equals(doc.resolve(schema).path("type").asText())) {
                        bareArrays.add(op + " " + code);
                    }
                }
            }
        }
        assertThat(missing)
                .as("2xx JSON answers without a schema that says what they hold")
                .isEmpty();
        assertThat(bareArrays)
                .as("2xx answers that are bare JSON arrays (lists answer {items, nextCursor})")
                .isEmpty();
    }

    @Test
    void listsArePaged() {
        List<String> lists = new ArrayList<>();
        List<String> unpaged = new ArrayList<>();
        for (Operation op : doc.operations()) {
            if (!op.method().equals("get") || !answersItems(op)) {
                continue;
            }
            lists.add(op.id());
            if (UNPAGED_LISTS.containsKey(op.id())) {
                continue;
            }
            Map<String, JsonNode> query = queryParameters(op);
            JsonNode page = doc.resolve(op.node().at("/responses/200/content/application~1json/schema"));
            List<String> wrong = new ArrayList<>();
            if (!query.containsKey("cursor")) {
                wrong.add("no ?cursor=");
            }
            if (!query.containsKey("limit")) {
                wrong.add("no ?limit=");
            } else if (!"integer"
                    .equals(query.get("limit").path("schema").path("type").asText())) {
                wrong.add("?limit= is not documented as an integer");
            }
            if (!page.path("properties").has("nextCursor")) {
                wrong.add("no nextCursor in the answer");
            }
            if (!wrong.isEmpty()) {
                unpaged.add(op + ": " + String.join(", ", wrong));
            }
        }
        assertThat(lists).as("list operations found (the rule must see some)").isNotEmpty();
        assertThat(UNPAGED_LISTS.keySet())
                .as("exemptions for lists that no longer exist")
                .isSubsetOf(lists);
        assertThat(unpaged)
                .as("list operations not paged with ?limit=, ?cursor= and nextCursor")
                .isEmpty();
    }

    @Test
    void problemSchemaHasTheRfc9457Members() {
        JsonNode problem = doc.components().path("Problem");
        assertThat(problem.isMissingNode())
                .as("components.schemas.Problem exists")
                .isFalse();
        JsonNode properties = problem.path("properties");
        for (String member :
                Stream.concat(RFC_9457_MEMBERS.stream(), Stream.of("errors")).toList()) {
            assertThat(properties.has(member)).as("Problem has %s", member).isTrue();
        }
        assertThat(properties.path("status").path("type").asText())
                .as("Problem.status type")
                .isEqualTo("integer");
        assertThat(properties.path("type").path("type").asText())
                .as("Problem.type type")
                .isEqualTo("string");
    }

    @Test
    void everyProblemTypeIsDocumented() {
        String types =
                doc.components().at("/Problem/properties/type/description").asText();
        List<String> undocumented = Arrays.stream(ProblemType.values())
                .filter(t -> !types.contains(t.uri() + " (" + t.status()))
                .map(t -> t.uri() + " (" + t.status() + ")")
                .toList();
        assertThat(undocumented)
                .as("problem types missing from Problem.type's description, with their status")
                .isEmpty();
        Set<String> known =
                Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        Matcher uris = Pattern.compile(Pattern.quote(ProblemType.BASE_URI) + "[a-z0-9-]+")
                .matcher(doc.root.toString());
        while (uris.find()) {
            if (!known.contains(uris.group())) {
                unknown.add(uris.group());
            }
        }
        assertThat(unknown)
                .as("problem type URIs in the document (descriptions, examples) that ProblemType lacks")
                .isEmpty();
    }

    @Test
    void jsonPropertiesAreCamelCase() {
        Set<String> wrong = new TreeSet<>();
        doc.components().properties().forEach(c -> collectBadNames(c.getKey(), c.getValue(), wrong));
        assertThat(doc.components().isEmpty()).as("component schemas present").isFalse();
        assertThat(wrong)
                .as("component schema properties that are not camelCase")
                .isEmpty();
    }

    @Test
    void everyReferenceResolves() {
        Set<String> dangling = new TreeSet<>();
        collectDanglingRefs(doc.root, dangling);
        assertThat(dangling).as("$refs to schemas that do not exist").isEmpty();
    }

    /**
     * Problem itself, or a problem with extension members (RFC 9457 section 3.2): a failed task's problem
     * adds taskId and the provider's request id. Either way the five standard members are there.
     */
    private boolean isProblem(JsonNode schema) {
        if (OpenApiDocument.isComponent(schema, "Problem")) {
            return true;
        }
        JsonNode properties = doc.resolve(schema).path("properties");
        return RFC_9457_MEMBERS.stream().allMatch(properties::has);
    }

    private boolean answersItems(Operation op) {
        JsonNode content = doc.resolve(op.node().path("responses").path("200")).path("content");
        for (var media : content.properties()) {
            JsonNode items = doc.resolve(media.getValue().path("schema"))
                    .path("properties")
                    .path("items");
            if (isJson(media.getKey())
                    && "array".equals(doc.resolve(items).path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private Map<String, JsonNode> queryParameters(Operation op) {
        Map<String, JsonNode> query = new HashMap<>();
        List<JsonNode> all = new ArrayList<>();
        doc.root.path("paths").path(op.path()).path("parameters").forEach(all::add);
        op.node().path("parameters").forEach(all::add);
        for (JsonNode p : all) {
            JsonNode param = doc.resolve(p);
            if ("query".equals(param.path("in").asText())) {
                query.put(param.path("name").asText(), param);
            }
        }
        return query;
    }

    /** A schema that says something: a reference, a type with its shape, or a composition. */
    private boolean describes(JsonNode schema) {
        if (schema.isMissingNode() || schema.isEmpty()) {
            return false;
        }
        JsonNode s = doc.resolve(schema);
        if (s.isMissingNode() || s.isEmpty()) {
            return false;
        }
        if (s.has("allOf") || s.has("oneOf") || s.has("anyOf")) {
            return true;
        }
        String type = s.path("type").asText();
        return !type.isEmpty() && (!type.equals("object") || s.has("properties") || s.has("additionalProperties"));
    }

    private static boolean isJson(String mediaType) {
        String m = mediaType.toLowerCase(java.util.Locale.ROOT);
        return m.equals("application/json") || m.endsWith("+json");
    }

    private static void collectBadNames(String where, JsonNode schema, Set<String> wrong) {
        if (!schema.isObject()) {
            return;
        }
        schema.path("properties").properties().forEach(p -> {
            if (!CAMEL_CASE.matcher(p.getKey()).matches()) {
                wrong.add(where + "." + p.getKey());
            }
            collectBadNames(where + "." + p.getKey(), p.getValue(), wrong);
        });
        collectBadNames(where + "[]", schema.path("items"), wrong);
        collectBadNames(where + "{}", schema.path("additionalProperties"), wrong);
        for (String composition : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(composition).forEach(member -> collectBadNames(where, member, wrong));
        }
    }

    private void collectDanglingRefs(JsonNode node, Set<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null
                    && ref.isTextual()
                    && ref.asText().startsWith("#/")
                    && doc.root.at(ref.asText().substring(1)).isMissingNode()) {
                dangling.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collectDanglingRefs(child, dangling));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectDanglingRefs(child, dangling));
        }
    }
}
