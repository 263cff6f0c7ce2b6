package io.agentruntime.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The manifests under k8s/, rendered and read into fabric8's typed Kubernetes model. */
final class Manifests {

    static final Path K8S = AppSettings.PROJECT.resolve("k8s");

    /** apiVersion/kind -> model class; a kind missing here fails the reading, so it gets checked when added. */
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class));

    /**
     * fabric8's model classes collect unknown fields in an "additionalProperties" map (a Jackson any-setter),
     * which would let a misspelt field through. This mapper removes the any-setters, so an unknown field is
     * an error.
     */
    static final ObjectMapper STRICT = new YAMLMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(
                    new SimpleModule("strict-kubernetes").setDeserializerModifier(new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(
                                DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
                            builder.setAnySetter(null);
                            return builder;
                        }
                    }));

    private Manifests() {}

    static List<HasMetadata> overlay(String name) {
        return typed(Kustomize.render(K8S.resolve("overlays").resolve(name)));
    }

    /** The example Job and CronJob as rendered for an overlay. */
    static List<HasMetadata> examples(String overlay) {
        return typed(Kustomize.render(K8S.resolve("examples").resolve(overlay)));
    }

    static List<HasMetadata> file(String relative) {
        try {
            return typed(Kustomize.readAll(K8S.resolve(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> typed(List<ObjectNode> docs) {
        List<HasMetadata> out = new ArrayList<>();
        for (ObjectNode doc : docs) {
            out.add(typed(doc));
        }
        return out;
    }

    static HasMetadata typed(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = TYPES.get(key);
        if (type == null) {
            throw new IllegalArgumentException("No typed model registered for " + key);
        }
        try {
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    key + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
        }
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** The pod spec of any workload kind. */
    static PodSpec podSpec(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> d.getSpec().getTemplate().getSpec();
            case StatefulSet s -> s.getSpec().getTemplate().getSpec();
            case Job j -> j.getSpec().getTemplate().getSpec();
            case CronJob c ->
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
            default -> throw new IllegalArgumentException(workload.getKind() + " is no workload");
        };
    }

    static List<HasMetadata> workloads(List<HasMetadata> objects) {
        return objects.stream()
                .filter(o ->
                        o instanceof Deployment || o instanceof StatefulSet || o instanceof Job || o instanceof CronJob)
                .toList();
    }
}
