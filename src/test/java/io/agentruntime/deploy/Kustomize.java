package io.agentruntime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization offline, without kubectl: exactly the features the files under k8s/ use
 * (resources, configMapGenerator and secretGenerator without name hashes, patchesStrategicMerge,
 * images, namespace). Any other field fails the rendering, so that a new feature in the manifests
 * cannot be ignored silently. ManifestsTest compares the result with {@code kubectl kustomize}
 * wherever kubectl exists.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private static final Set<String> SUPPORTED = Set.of(
            "apiVersion",
            "kind",
            "resources",
            "namespace",
            "patchesStrategicMerge",
            "configMapGenerator",
            "secretGenerator",
            "generatorOptions",
            "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "PersistentVolume",
            "StorageClass",
            "PriorityClass");
    /** Strategic-merge keys of the lists the patches touch (from the Kubernetes API schema). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers",
            "name",
            "initContainers",
            "name",
            "env",
            "name",
            "volumes",
            "name",
            "volumeMounts",
            "mountPath",
            "imagePullSecrets",
            "name");

    private Kustomize() {}

    static List<ObjectNode> render(Path dir) {
        try {
            return build(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, as objects. */
    static List<ObjectNode> readAll(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode o && !o.isEmpty()) {
                    docs.add(o);
                }
            }
        }
        return docs;
    }

    private static List<ObjectNode> build(Path dir) throws IOException {
        JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new IllegalStateException(
                        dir + ": kustomization field '" + f + "' is not supported by this renderer");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            objects.addAll(Files.isDirectory(p) ? build(p) : readAll(p));
        }
        boolean generators = k.has("configMapGenerator") || k.has("secretGenerator");
        if (generators
                && !k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
            throw new IllegalStateException(
                    dir + ": name hashes of generated objects are not supported by this renderer");
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            generate(dir, objects, g, "ConfigMap");
        }
        for (JsonNode g : k.path("secretGenerator")) {
            generate(dir, objects, g, "Secret");
        }
        for (JsonNode p : k.path("patchesStrategicMerge")) {
            for (ObjectNode patch : readAll(dir.resolve(p.asText()))) {
                ObjectNode target = find(
                        objects,
                        patch.path("kind").asText(),
                        patch.path("metadata").path("name").asText());
                if (target == null) {
                    throw new IllegalStateException(dir + ": patch " + p.asText() + " matches no object");
                }
                merge(target, patch);
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode o : objects) {
                retag(o, image);
            }
        }
        if (k.has("namespace")) {
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    ((ObjectNode) o.get("metadata"))
                            .put("namespace", k.get("namespace").asText());
                }
            }
        }
        return objects;
    }

    private static void generate(Path dir, List<ObjectNode> objects, JsonNode g, String kind) throws IOException {
        String name = g.path("name").asText();
        String behavior = g.path("behavior").asText("create");
        boolean secret = kind.equals("Secret");
        ObjectNode data = YAML.createObjectNode();
        for (JsonNode l : g.path("literals")) {
            String literal = l.asText();
            int eq = literal.indexOf('=');
            data.put(literal.substring(0, eq), encode(literal.substring(eq + 1), secret));
        }
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            Path file = dir.resolve(eq < 0 ? spec : spec.substring(eq + 1));
            String key = eq < 0 ? file.getFileName().toString() : spec.substring(0, eq);
            data.put(key, encode(Files.readString(file, StandardCharsets.UTF_8), secret));
        }
        ObjectNode existing = find(objects, kind, name);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalStateException(dir + ": " + kind + " " + name + " exists already");
                }
                ObjectNode o = YAML.createObjectNode();
                o.put("apiVersion", "v1").put("kind", kind);
                o.putObject("metadata").put("name", name);
                if (secret) {
                    o.put("type", "Opaque");
                }
                o.set("data", data);
                objects.add(o);
            }
            case "merge" -> {
                if (existing == null) {
                    throw new IllegalStateException(dir + ": no " + kind + " " + name + " to merge into");
                }
                existing.with("data").setAll(data);
            }
            default -> throw new IllegalStateException(dir + ": generator behavior " + behavior + " is not supported");
        }
    }

    private static String encode(String value, boolean secret) {
        return secret ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value;
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** Strategic merge: maps recursively, keyed lists element by element, everything else replaced. */
    static void merge(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode current = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (value.isObject() && current instanceof ObjectNode currentObject) {
                merge(currentObject, (ObjectNode) value);
            } else if (value.isArray()
                    && current instanceof ArrayNode currentArray
                    && MERGE_KEYS.containsKey(e.getKey())) {
                mergeList(currentArray, (ArrayNode) value, MERGE_KEYS.get(e.getKey()));
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key) {
        for (JsonNode element : patch) {
            ObjectNode match = null;
            for (JsonNode t : target) {
                if (t.path(key).equals(element.path(key))) {
                    match = (ObjectNode) t;
                }
            }
            if (match == null) {
                target.add(element.deepCopy());
            } else {
                merge(match, (ObjectNode) element);
            }
        }
    }

    /** The images transformer: {@code name[:tag]} whose name matches gets newName and/or newTag. */
    private static void retag(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode o) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : o.path(list)) {
                    String ref = c.path("image").asText();
                    int colon = ref.lastIndexOf(':');
                    boolean tagged = colon > ref.lastIndexOf('/');
                    String name = tagged ? ref.substring(0, colon) : ref;
                    String tag = tagged ? ref.substring(colon + 1) : null;
                    if (name.equals(image.path("name").asText())) {
                        String newName = image.path("newName").asText(name);
                        String newTag = image.path("newTag").asText(tag);
                        ((ObjectNode) c).put("image", newTag == null ? newName : newName + ":" + newTag);
                    }
                }
            }
            o.elements().forEachRemaining(child -> retag(child, image));
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(child -> retag(child, image));
        }
    }
}
