package io.agentruntime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the application reads, from the files it is built from: application.properties, the
 * {@code @ConfigMapping} interfaces among the compiled classes, and the configuration model every
 * Quarkus extension ships (META-INF/quarkus-config-doc). Used to check that manifests and
 * Dockerfiles set only settings that exist, with the values the application expects.
 */
final class AppSettings {

    static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    /**
     * Settings of features whose {@code @ConfigMapping} is not on this branch yet, as agreed in the
     * feature briefs. A namespace is taken from here only while no mapping with its prefix is compiled:
     * once the real interface exists, it alone decides.
     */
    private static final Map<String, List<String>> AGREED_UNTIL_MAPPED = Map.of(
            "agents", List.of("agents.dirs"),
            "lookup", List.of("lookup.embedding.enabled"),
            "tasks", List.of("tasks.shutdown-grace-period"));
    /**
     * Provider keys in the variables the providers conventionally use. Taken on trust until the provider
     * settings are compiled here; from then on only if application.properties or the code names them.
     */
    static final Set<String> CONVENTIONAL_PROVIDER_VARIABLES = Set.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
    /** The documented default of tasks.shutdown-grace-period, until the task settings are compiled here. */
    private static final Duration AGREED_SHUTDOWN_GRACE = Duration.ofSeconds(25);

    final Properties properties = new Properties();
    /** Property name patterns ({@code *} = one map key) of every setting the application reads. */
    final Set<String> known = new TreeSet<>();

    final Map<String, Class<?>> mappings = new LinkedHashMap<>();
    final Map<String, String> mappingDefaults = new LinkedHashMap<>();

    static AppSettings load() {
        AppSettings s = new AppSettings();
        try (Reader r = Files.newBufferedReader(PROJECT.resolve("src/main/resources/application.properties"))) {
            s.properties.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : s.properties.stringPropertyNames()) {
            s.known.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        s.loadQuarkusModel();
        s.loadMappings();
        AGREED_UNTIL_MAPPED.forEach((prefix, keys) -> {
            if (!s.mappings.containsKey(prefix)) {
                s.known.addAll(keys);
            }
        });
        return s;
    }

    /** The value in the given profile, falling back to the unprofiled one, then to {@code fallback}. */
    String value(String profile, String key, String fallback) {
        return properties.getProperty("%" + profile + "." + key, properties.getProperty(key, fallback));
    }

    /** Quarkus maps a property to an environment variable by upper-casing it and replacing the rest with '_'. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Whether an environment variable sets something the application reads. */
    boolean reads(String env) {
        if (CONVENTIONAL_PROVIDER_VARIABLES.contains(env)) {
            return !mappings.containsKey("providers") || mentioned(env);
        }
        for (String pattern : known) {
            // Map keys ("*", or a quoted placeholder in the Quarkus model) match any run of env characters.
            String[] parts = pattern.replaceAll("\"[^\"]*\"", "*").split("\\*", -1);
            StringBuilder regex = new StringBuilder(Pattern.quote(envName(parts[0])));
            for (int i = 1; i < parts.length; i++) {
                regex.append("[A-Z0-9_]+").append(Pattern.quote(envName(parts[i])));
            }
            if (env.matches(regex.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Whether application.properties refers to the variable or a compiled class holds its name. */
    private boolean mentioned(String env) {
        if (properties.values().stream().anyMatch(v -> v.toString().contains("${" + env))) {
            return true;
        }
        try (Stream<Path> files = Files.walk(CompiledClasses.MAIN)) {
            byte[] name = env.getBytes(StandardCharsets.UTF_8);
            return files.filter(f -> f.toString().endsWith(".class")).anyMatch(f -> contains(read(f), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    int httpPort(String profile) {
        return Integer.parseInt(value(profile, "quarkus.http.port", "8080"));
    }

    /** The port the health endpoints answer on: the management interface when it is on, else HTTP. */
    int healthPort(String profile) {
        return Boolean.parseBoolean(value(profile, "quarkus.management.enabled", "false"))
                ? Integer.parseInt(value(profile, "quarkus.management.port", "9000"))
                : httpPort(profile);
    }

    /** {@code /q/health/live} and friends, as the SmallRye Health settings compose them. */
    String healthPath(String profile, String which) {
        String root = trim(value(profile, "quarkus.http.non-application-root-path", "q"));
        String health = trim(value(profile, "quarkus.smallrye-health.root-path", "health"));
        String leaf = trim(value(
                profile,
                "quarkus.smallrye-health." + which + "-path",
                Map.of("liveness", "live", "readiness", "ready", "startup", "started")
                        .get(which)));
        return "/" + root + "/" + health + "/" + leaf;
    }

    private static String trim(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    /** tasks.shutdown-grace-period: application.properties, else the mapping's default, else the agreed one. */
    Duration shutdownGracePeriod() {
        String v = value("prod", "tasks.shutdown-grace-period", mappingDefaults.get("tasks.shutdown-grace-period"));
        return v == null ? AGREED_SHUTDOWN_GRACE : parseDuration(v);
    }

    static Duration parseDuration(String v) {
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+(ms|s|m|h|d)")) {
            String unit = v.replaceAll("\\d", "");
            long n = Long.parseLong(v.replaceAll("\\D", ""));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(v);
    }

    private void loadQuarkusModel() {
        ObjectMapper json = new ObjectMapper();
        try {
            List<URL> models = Collections.list(
                    getClass().getClassLoader().getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"));
            if (models.isEmpty()) {
                throw new IllegalStateException("No Quarkus configuration model on the test classpath");
            }
            for (URL url : models) {
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect(JsonNode node) {
        if (node.isObject()) {
            JsonNode path = node.get("path");
            if (path != null && path.has("property")) {
                known.add(path.get("property").asText());
            }
            node.elements().forEachRemaining(this::collect);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(this::collect);
        }
    }

    private void loadMappings() {
        for (Class<?> type : CompiledClasses.mainClasses()) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                String prefix = mapping.prefix();
                mappings.put(prefix.contains(".") ? prefix.substring(0, prefix.indexOf('.')) : prefix, type);
                walk(type, prefix, new ArrayList<>());
            }
        }
    }

    private void walk(Class<?> group, String prefix, List<Class<?>> seen) {
        if (seen.contains(group)) {
            return;
        }
        seen.add(group);
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.isDefault()
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class)
                    ? prefix
                    : prefix + "."
                            + (m.isAnnotationPresent(WithName.class)
                                    ? m.getAnnotation(WithName.class).value()
                                    : kebab(m.getName()));
            Type t = m.getGenericReturnType();
            Class<?> raw = m.getReturnType();
            if (raw == Optional.class || raw == List.class || raw == Set.class) {
                t = ((ParameterizedType) t).getActualTypeArguments()[0];
                raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
            }
            if (raw == Map.class) {
                Type v = ((ParameterizedType) t).getActualTypeArguments()[1];
                Class<?> valueType = v instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) v;
                if (isGroup(valueType)) {
                    walk(valueType, name + ".*", seen);
                } else {
                    known.add(name + ".*");
                }
            } else if (isGroup(raw)) {
                walk(raw, name, seen);
            } else {
                known.add(name);
                if (m.isAnnotationPresent(WithDefault.class)) {
                    mappingDefaults.put(name, m.getAnnotation(WithDefault.class).value());
                }
            }
        }
        seen.remove(group);
    }

    private static boolean isGroup(Class<?> c) {
        return c.isInterface() && !c.getName().startsWith("java.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
