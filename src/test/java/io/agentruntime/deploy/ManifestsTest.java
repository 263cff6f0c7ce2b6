package io.agentruntime.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests, checked offline: rendered like {@code kubectl kustomize}, read into the typed
 * model with unknown fields rejected, and compared with what the application actually reads and serves.
 */
class ManifestsTest {

    static final String PROFILE = "prod";
    /** Read by the JVM image's entrypoint (run-java.sh), not by the application. */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS_APPEND");

    static AppSettings settings;

    @BeforeAll
    static void loadSettings() {
        settings = AppSettings.load();
    }

    /** An overlay's objects plus the example Job and CronJob as rendered for it (k8s/examples/OVERLAY). */
    static List<HasMetadata> installation(String overlay) {
        List<HasMetadata> all = new ArrayList<>(Manifests.overlay(overlay));
        all.addAll(Manifests.examples(overlay));
        return all;
    }

    /**
     * Secrets the installation creates, plus the documented examples of those it expects to exist: the
     * base's, and those of this overlay only, so that a name another overlay has does not pass.
     */
    static List<Secret> secrets(String overlay, List<HasMetadata> installation) {
        List<Secret> secrets = new ArrayList<>(Manifests.all(installation, Secret.class));
        List<String> examples = new ArrayList<>(List.of("base/secrets.example.yaml"));
        if (overlay.equals("prod")) {
            examples.add("overlays/prod/cnpg-app-secret.example.yaml");
        }
        for (String example : examples) {
            secrets.addAll(Manifests.all(Manifests.file(example), Secret.class));
        }
        return secrets;
    }

    static List<Container> appContainers(List<HasMetadata> objects) {
        return Manifests.workloads(objects).stream()
                .flatMap(w -> Manifests.podSpec(w).getContainers().stream())
                .filter(c -> c.getImage().matches("(.*/)?agent-runtime:.*"))
                .toList();
    }

    static Deployment server(List<HasMetadata> objects) {
        return Manifests.named(objects, Deployment.class, "agent-runtime").orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void overlayRendersIntoTypedObjects(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);

        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains(
                        "Deployment",
                        "Service",
                        "ServiceAccount",
                        "ConfigMap",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "NetworkPolicy");
        String namespace = overlay.equals("dev") ? "agent-runtime-dev" : "agent-runtime";
        assertThat(objects)
                .filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                        .as(o.getKind())
                        .isEqualTo(namespace));
        assertThat(server(objects).getSpec().getReplicas()).isEqualTo(overlay.equals("dev") ? 1 : 3);
        if (overlay.equals("dev")) {
            assertThat(objects).extracting(HasMetadata::getKind).contains("StatefulSet", "Namespace", "Secret");
        } else {
            // Production brings no database and no secret of its own.
            assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("StatefulSet", "Secret");
        }
    }

    @Test
    void examplesAreTypedObjects() {
        assertThat(Manifests.file("examples/base/job.yaml"))
                .extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "Job");
        assertThat(Manifests.file("examples/base/cronjob.yaml"))
                .extracting(HasMetadata::getKind)
                .containsExactly("CronJob");
        assertThat(Manifests.file("base/secrets.example.yaml")).hasSize(2);
    }

    @Test
    void unknownFieldsAreRejected() throws IOException {
        ObjectNode deployment = (ObjectNode)
                Kustomize.readAll(Manifests.K8S.resolve("base/deployment.yaml")).get(0);
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        assertThatThrownBy(() -> Manifests.typed(deployment)).hasMessageContaining("imagePullPolicyy");

        ObjectNode service = (ObjectNode)
                Kustomize.readAll(Manifests.K8S.resolve("base/service.yaml")).get(0);
        ((ObjectNode) service.get("spec")).put("selectr", "x");
        assertThatThrownBy(() -> Manifests.typed(service)).hasMessageContaining("selectr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "examples/dev", "examples/prod"})
    void rendererAgreesWithKubectl(String overlay) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Process p = new ProcessBuilder(
                        "kubectl", "kustomize", Manifests.K8S.resolve(overlay).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        Path rendered = Files.createTempFile("kustomize-" + overlay.replace('/', '-'), ".yaml");
        try {
            Files.write(rendered, out);
            assertThat(byIdentity(Kustomize.readAll(rendered)))
                    .isEqualTo(byIdentity(Kustomize.render(Manifests.K8S.resolve(overlay))));
        } finally {
            Files.delete(rendered);
        }
    }

    private static Map<String, JsonNode> byIdentity(List<ObjectNode> docs) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        docs.forEach(d ->
                map.put(d.path("kind").asText() + "/" + d.at("/metadata/name").asText(), d));
        return map;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesUseTheApplicationsHealthEndpointsAndPort(String overlay) {
        Deployment deployment = server(Manifests.overlay(overlay));
        Container c =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        // Metrics are served where health is (the management interface when it is on).
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(settings.healthPort(PROFILE)));
        int httpPort = settings.httpPort(PROFILE);
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(httpPort);
        });
        Map<String, Probe> probes = Map.of(
                "liveness", c.getLivenessProbe(), "readiness", c.getReadinessProbe(), "startup", c.getStartupProbe());
        probes.forEach((which, probe) -> {
            assertThat(probe).as(which + " probe").isNotNull();
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get.getPath()).as(which).isEqualTo(settings.healthPath(PROFILE, which));
            int port = get.getPort().getIntVal() != null
                    ? get.getPort().getIntVal()
                    : c.getPorts().stream()
                            .filter(p -> p.getName().equals(get.getPort().getStrVal()))
                            .findFirst()
                            .orElseThrow()
                            .getContainerPort();
            assertThat(port).as(which + " port").isEqualTo(settings.healthPort(PROFILE));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableSetIsASettingTheApplicationReads(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        List<Container> containers = appContainers(objects);
        assertThat(containers).hasSize(3);
        Set<String> variables = new HashSet<>();
        for (Container c : containers) {
            // A variable the container's arguments use ($(NAME), expanded by Kubernetes) is not a setting.
            String args = String.join(" ", c.getArgs());
            c.getEnv().stream()
                    .map(EnvVar::getName)
                    .filter(name -> !args.contains("$(" + name + ")"))
                    .filter(name -> !IMAGE_VARIABLES.contains(name))
                    .forEach(variables::add);
            for (EnvFromSource from : c.getEnvFrom()) {
                assertThat(from.getPrefix()).isNull();
                if (from.getConfigMapRef() != null) {
                    ConfigMap map = Manifests.named(
                                    objects,
                                    ConfigMap.class,
                                    from.getConfigMapRef().getName())
                            .orElseThrow();
                    variables.addAll(map.getData().keySet());
                }
                assertThat(from.getSecretRef())
                        .as("a whole Secret as variables hides what is set")
                        .isNull();
            }
        }
        assertThat(variables).contains("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_PROFILE", "AGENTS_DIRS");
        assertThat(variables)
                .allSatisfy(v -> assertThat(settings.reads(v))
                        .as(v + " is read by the application")
                        .isTrue());
    }

    /**
     * The server's JVM gets its heap and direct-memory limits from the manifest (bench/results/footprint.md),
     * keeps the image's own flags (the variable replaces the image's value), and a heap big enough to load
     * the embedding model (at 96 MiB it runs out of heap doing so and lookups stay keyword-only).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServersJvmHasMeasuredMemoryLimitsAndKeepsTheImagesFlags(String overlay) throws IOException {
        Container server = server(Manifests.overlay(overlay))
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        String opts = server.getEnv().stream()
                .filter(e -> e.getName().equals("JAVA_OPTS_APPEND"))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow();
        Matcher image = Pattern.compile("ENV JAVA_OPTS_APPEND=\"([^\"]+)\"")
                .matcher(String.join("\n", DockerfilesTest.lines("Dockerfile.jvm")));
        assertThat(image.find()).isTrue();
        assertThat(opts).startsWith(image.group(1) + " ");
        Matcher heap = Pattern.compile("-Xmx(\\d+)m").matcher(opts);
        assertThat(heap.find()).as("a heap limit in MiB").isTrue();
        assertThat(Integer.parseInt(heap.group(1))).isGreaterThanOrEqualTo(112);
        assertThat(opts).contains("-XX:MaxDirectMemorySize=");
        long heapBytes = Long.parseLong(heap.group(1)) << 20;
        assertThat(server.getResources()
                        .getLimits()
                        .get("memory")
                        .getNumericalAmount()
                        .longValue())
                .as("the container's limit leaves room beyond the heap")
                .isGreaterThan(3 * heapBytes);
    }

    @Test
    void settingsCheckCanTellUnknownVariables() {
        assertThat(settings.reads("QUARKUS_DATASOURCE_JDBC_URL")).isTrue();
        assertThat(settings.reads("QUARKUS_LOG_CATEGORY__IO_ZONKY__LEVEL")).isTrue();
        assertThat(settings.reads("QUARKUS_DATASOURCE_JDBC_URLL")).isFalse();
        assertThat(settings.reads("QUARKUS_DATASOURCE_USER")).isFalse();
        assertThat(settings.reads("AGENT_DIRS")).isFalse();
        assertThat(settings.reads("ANTHROPIC_KEY")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretKeyReferencedExists(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        List<Secret> secrets = secrets(overlay, objects);
        List<SecretKeySelector> refs = Manifests.workloads(objects).stream()
                .flatMap(w -> Manifests.podSpec(w).getContainers().stream())
                .flatMap(c -> c.getEnv().stream())
                .map(EnvVar::getValueFrom)
                .filter(v -> v != null && v.getSecretKeyRef() != null)
                .map(v -> v.getSecretKeyRef())
                .toList();
        assertThat(refs).isNotEmpty();
        for (SecretKeySelector ref : refs) {
            assertThat(secrets)
                    .as("a Secret named " + ref.getName())
                    .filteredOn(s -> s.getMetadata().getName().equals(ref.getName()))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(keys(s)).as(ref.getName()).contains(ref.getKey()));
        }
        for (Container c : appContainers(objects)) {
            c.getEnvFrom().stream()
                    .filter(f -> f.getConfigMapRef() != null)
                    .forEach(f -> assertThat(Manifests.named(
                                    objects,
                                    ConfigMap.class,
                                    f.getConfigMapRef().getName()))
                            .isPresent());
        }
    }

    private static Set<String> keys(Secret s) {
        Set<String> keys = new HashSet<>();
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys;
    }

    /**
     * A retried pod must not pay twice, and a failure that a retry would only repeat must not be retried:
     * every pod of a Job passes the Job's uid as {@code --idempotency-key}, and the pod failure policy
     * fails the Job on the exit codes of command mode that mean so (see cli/ExitCode.java).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void jobsRetryOnlyWhatARetryCanFixAndNeverPayTwice(String overlay) {
        List<HasMetadata> objects = Manifests.examples(overlay);
        List<JobSpec> jobs = new ArrayList<>();
        Manifests.all(objects, Job.class).forEach(j -> jobs.add(j.getSpec()));
        Manifests.all(objects, CronJob.class)
                .forEach(c -> jobs.add(c.getSpec().getJobTemplate().getSpec()));
        assertThat(jobs).hasSize(2);
        for (JobSpec job : jobs) {
            PodSpec pod = job.getTemplate().getSpec();
            assertThat(pod.getRestartPolicy()).isEqualTo("Never");
            assertThat(job.getBackoffLimit())
                    .as("retries are safe with the key")
                    .isPositive();

            Container c = pod.getContainers().get(0);
            List<String> args = c.getArgs();
            int key = args.indexOf("--idempotency-key");
            assertThat(key).as("--idempotency-key in " + args).isNotNegative();
            String value = args.get(key + 1);
            EnvVar uid = c.getEnv().stream()
                    .filter(e -> value.contains("$(" + e.getName() + ")"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(value + " names no variable of the container"));
            assertThat(uid.getValueFrom().getFieldRef().getFieldPath())
                    .isIn(
                            "metadata.labels['batch.kubernetes.io/controller-uid']",
                            "metadata.labels['batch.kubernetes.io/job-name']");

            PodFailurePolicyOnExitCodesRequirement failJob = job.getPodFailurePolicy().getRules().stream()
                    .filter(r -> r.getAction().equals("FailJob") && r.getOnExitCodes() != null)
                    .map(PodFailurePolicyRule::getOnExitCodes)
                    .findFirst()
                    .orElseThrow();
            assertThat(failJob.getContainerName()).isEqualTo(c.getName());
            assertThat(failJob.getOperator()).isEqualTo("In");
            // 2: bad arguments, 3: unknown agent or session: the same on every try.
            assertThat(failJob.getValues()).contains(2, 3).doesNotContain(0, 5);
            assertThat(job.getPodFailurePolicy().getRules()).anySatisfy(r -> {
                assertThat(r.getAction()).isEqualTo("Ignore");
                assertThat(r.getOnPodConditions())
                        .extracting(PodFailurePolicyOnPodConditionsPattern::getType)
                        .contains("DisruptionTarget");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinnedByTag(String overlay) {
        List<String> images = Manifests.workloads(installation(overlay)).stream()
                .flatMap(w -> Stream.concat(
                        Manifests.podSpec(w).getContainers().stream(),
                        Manifests.podSpec(w).getInitContainers().stream()))
                .map(Container::getImage)
                .toList();
        assertThat(images).isNotEmpty().allSatisfy(image -> {
            String afterHost = image.substring(image.lastIndexOf('/') + 1);
            assertThat(afterHost)
                    .as(image)
                    .matches("[^:@]+(:[\\w][\\w.-]*)?(@sha256:[0-9a-f]{64})?")
                    .matches(".*(:|@sha256:).*");
            assertThat(afterHost).as(image).doesNotEndWith(":latest");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void podsRunLockedDown(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        for (HasMetadata w : Manifests.workloads(objects)) {
            PodSpec pod = Manifests.podSpec(w);
            String what = w.getKind() + " " + w.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as(what).isFalse();
            for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertThat(sc).as(what).isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(sc.getCapabilities().getDrop()).as(what).contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                String seccomp = sc.getSeccompProfile() != null
                        ? sc.getSeccompProfile().getType()
                        : pod.getSecurityContext().getSeccompProfile().getType();
                assertThat(seccomp).as(what).isEqualTo("RuntimeDefault");
                assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
                // A read-only root filesystem needs a writable /tmp (JVM perf data, Vert.x caches).
                VolumeMount tmp = c.getVolumeMounts().stream()
                        .filter(m -> m.getMountPath().equals("/tmp"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(what + " has no /tmp mount"));
                assertThat(volume(pod, tmp.getName()).getEmptyDir()).as(what).isNotNull();
            }
        }
        ServiceAccount sa =
                Manifests.named(objects, ServiceAccount.class, "agent-runtime").orElseThrow();
        assertThat(sa.getAutomountServiceAccountToken()).isFalse();
        assertThat(server(objects).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("agent-runtime");
    }

    /** The lookup model unpacks a native library at start: somewhere writable, although the root FS is not. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLookupModelUnpacksIntoAnEmptyDir(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        String dir = setting(objects, "LOOKUP_EMBEDDING_NATIVE_DIR");
        assertThat(dir).isNotBlank();
        PodSpec pod = server(objects).getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
            VolumeMount mount = mountAt(c, dir, c.getName());
            assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            assertThat(volume(pod, mount.getName()).getEmptyDir()).isNotNull();
        }
    }

    /**
     * The vectors of the ConfigMap's agents, computed at run time, are kept where a container restart finds
     * them: a writable volume, not the read-only root filesystem (where every write would fail).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLookupVectorsOfTheAgentFoldersSurviveAContainerRestart(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        String dir = setting(objects, "LOOKUP_EMBEDDING_CACHE_DIR");
        assertThat(dir).isNotBlank();
        PodSpec pod = server(objects).getSpec().getTemplate().getSpec();
        for (Container c : pod.getContainers()) {
            VolumeMount mount = mountAt(c, dir, c.getName());
            assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            Volume volume = volume(pod, mount.getName());
            assertThat(volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null)
                    .as("a volume that outlives the container")
                    .isTrue();
        }
    }

    /** A setting of the installation's ConfigMap {@code agent-runtime-config}. */
    private static String setting(List<HasMetadata> objects, String name) {
        return Manifests.named(objects, ConfigMap.class, "agent-runtime-config")
                .orElseThrow()
                .getData()
                .get(name);
    }

    private static VolumeMount mountAt(Container c, String path, String what) {
        return c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(what + " does not mount " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void terminationOutlastsTheTaskGracePeriod() {
        long grace = settings.shutdownGracePeriod().toSeconds();
        assertThat(grace).isPositive();
        for (String overlay : List.of("dev", "prod")) {
            for (HasMetadata w : Manifests.workloads(installation(overlay))) {
                if (w instanceof Deployment || w instanceof Job || w instanceof CronJob) {
                    Long seconds = Manifests.podSpec(w).getTerminationGracePeriodSeconds();
                    // Kubernetes' default is 30 s.
                    assertThat(seconds == null ? 30 : seconds)
                            .as(w.getKind() + " " + w.getMetadata().getName())
                            .isGreaterThan(grace);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void agentFilesAreMountedWhereTheSettingPoints(String overlay) {
        List<HasMetadata> objects = installation(overlay);
        String dir = setting(objects, "AGENTS_DIRS");
        ConfigMap agents = Manifests.named(objects, ConfigMap.class, "agent-runtime-agents")
                .orElseThrow();
        assertThat(agents.getData()).isNotEmpty();
        for (HasMetadata w : Manifests.workloads(objects)) {
            PodSpec pod = Manifests.podSpec(w);
            for (Container c : pod.getContainers()) {
                if (!appContainers(List.of(w)).contains(c)) {
                    continue;
                }
                VolumeMount mount = mountAt(c, dir, w.getMetadata().getName());
                assertThat(mount.getReadOnly()).isTrue();
                assertThat(volume(pod, mount.getName()).getConfigMap().getName())
                        .isEqualTo("agent-runtime-agents");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void exampleAgentFilesHaveFrontMatterNamedLikeTheFile() throws IOException {
        try (Stream<Path> files = Files.list(Manifests.K8S.resolve("base/agents"))) {
            List<Path> agents = files.filter(p -> p.toString().endsWith(".md")).toList();
            assertThat(agents).hasSizeGreaterThanOrEqualTo(2);
            for (Path file : agents) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text).startsWith("---\n");
                String[] parts = text.split("(?m)^---\\s*$", 3);
                Map<String, Object> front = new Yaml().load(parts[1]);
                String name = file.getFileName().toString().replace(".md", "");
                assertThat(front).containsEntry("name", name).containsKey("description");
                assertThat(parts[2].strip()).as("system prompt of " + name).isNotEmpty();
            }
        }
        // The Job runs an agent that the example catalog has.
        List<String> args = Manifests.podSpec(
                        Manifests.file("examples/base/job.yaml").get(1))
                .getContainers()
                .get(0)
                .getArgs();
        assertThat(Manifests.K8S.resolve("base/agents/" + args.get(args.indexOf("--agent") + 1) + ".md"))
                .exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void serviceAutoscalerBudgetAndNetworkPolicyFitTheServer(String overlay) throws java.io.IOException {
        List<HasMetadata> objects = installation(overlay);
        Deployment server = server(objects);
        Map<String, String> podLabels =
                server.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .containsAllEntriesOf(server.getSpec().getSelector().getMatchLabels());

        Service service =
                Manifests.named(objects, Service.class, "agent-runtime").orElseThrow();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        for (HasMetadata job : Manifests.workloads(objects)) {
            if (job instanceof Job || job instanceof CronJob) {
                Map<String, String> jobLabels = job instanceof Job j
                        ? j.getSpec().getTemplate().getMetadata().getLabels()
                        : ((CronJob) job)
                                .getSpec()
                                .getJobTemplate()
                                .getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getLabels();
                assertThat(jobLabels
                                .entrySet()
                                .containsAll(service.getSpec().getSelector().entrySet()))
                        .as("Job pods must not receive Service traffic")
                        .isFalse();
            }
        }
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

        HorizontalPodAutoscaler hpa = Manifests.named(objects, HorizontalPodAutoscaler.class, "agent-runtime")
                .orElseThrow();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("agent-runtime");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(server.getSpec().getReplicas());
        assertThat(hpa.getSpec().getMetrics())
                .filteredOn(m -> "Resource".equals(m.getType()))
                .extracting(m -> m.getResource().getName())
                .contains("cpu");
        // Tasks wait on providers with little CPU: the replica's running tasks are what it scales on, by
        // the gauge the service exports and the adapter rule shipped beside the manifests names.
        String running = (io.agentruntime.common.Metrics.PREFIX + "tasks.running").replace('.', '_');
        assertThat(hpa.getSpec().getMetrics())
                .filteredOn(m -> "Pods".equals(m.getType()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getPods().getMetric().getName()).isEqualTo(running);
                    assertThat(m.getPods().getTarget().getAverageValue().getNumericalAmount())
                            .isPositive();
                });
        assertThat(java.nio.file.Files.readString(Manifests.K8S.resolve("examples/prometheus-adapter-rules.yaml")))
                .contains("as: " + running);

        PodDisruptionBudget pdb = Manifests.named(objects, PodDisruptionBudget.class, "agent-runtime")
                .orElseThrow();
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        NetworkPolicy policy =
                Manifests.named(objects, NetworkPolicy.class, "agent-runtime").orElseThrow();
        assertThat(podLabels)
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        // The API from anywhere; health and metrics only from the monitoring namespace.
        assertThat(policy.getSpec().getIngress())
                .filteredOn(r -> r.getFrom() == null || r.getFrom().isEmpty())
                .flatMap(r -> ports(r.getPorts()))
                .containsExactly("TCP/" + settings.httpPort(PROFILE));
        assertThat(policy.getSpec().getIngress())
                .filteredOn(r -> r.getFrom() != null && !r.getFrom().isEmpty())
                .singleElement()
                .satisfies(r -> {
                    assertThat(ports(r.getPorts())).containsExactly("TCP/" + settings.healthPort(PROFILE));
                    assertThat(r.getFrom())
                            .allSatisfy(peer ->
                                    assertThat(peer.getNamespaceSelector()).isNotNull());
                });
        assertThat(ports(policy.getSpec().getEgress().stream()
                        .flatMap(r -> r.getPorts().stream())
                        .toList()))
                .containsExactlyInAnyOrder("TCP/5432", "UDP/53", "TCP/53", "TCP/443");
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream()
                .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .toList();
    }
}
