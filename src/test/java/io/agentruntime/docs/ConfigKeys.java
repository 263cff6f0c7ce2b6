package io.agentruntime.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The configuration keys the application reads, found in its bytecode: the {@code @ConfigMapping}
 * interfaces under target/classes, walked the way SmallRye Config names their properties, and the keys
 * the embedded-PostgreSQL config source factory asks for by name. Bytecode rather than reflection, so
 * nothing is loaded or initialised and generic signatures tell maps and optionals apart.
 */
final class ConfigKeys {

    /** Stands for one map key in a property name, as {@code <name>} does in the docs. */
    static final String ANY = "<*>";

    static final Path CLASSES = Markdown.PROJECT.resolve("target/classes");
    /** Found by its simple name, so that moving it to another package does not break the scan. */
    static final String EMBEDDED_POSTGRES = "EmbeddedPostgresConfigSourceFactory";

    private static final String CONFIG_MAPPING = "Lio/smallrye/config/ConfigMapping;";
    private static final String WITH_NAME = "Lio/smallrye/config/WithName;";
    private static final String WITH_PARENT_NAME = "Lio/smallrye/config/WithParentName;";
    private static final String WITH_DEFAULT = "Lio/smallrye/config/WithDefault;";
    private static final List<String> UNWRAPPED = List.of("java/util/Optional", "java/util/List", "java/util/Set");

    /** One readable property: its name ({@link #ANY} for map keys), its default if any, and who reads it. */
    record Key(String name, Optional<String> defaultValue, String readBy) {

        /** Whether a concrete property name (or one written with any placeholders) is this key. */
        boolean matches(String property) {
            return normalise(property)
                    .matches(java.util.regex.Pattern.quote(name).replace(ANY, "\\E[^.]+\\Q"));
        }

        /** The environment variable, {@code <NAME>} for a map key, by the Quarkus rule. */
        String envName() {
            return ConfigKeys.envName(name.replace(ANY, "\u0000")).replace("\u0000", "<NAME>");
        }
    }

    private final Map<String, ClassNode> classes = new HashMap<>();
    final Map<String, String> mappings = new LinkedHashMap<>();
    final List<Key> keys = new ArrayList<>();

    private ConfigKeys() {}

    static ConfigKeys read() {
        ConfigKeys k = new ConfigKeys();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(ConfigKeys::parse)
                    .forEach(c -> k.classes.put(c.name, c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        k.classes.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(c -> {
            AnnotationNode mapping = annotation(c.visibleAnnotations, CONFIG_MAPPING);
            if (mapping != null) {
                String prefix = (String) value(mapping, "prefix");
                k.mappings.put(c.name.replace('/', '.'), prefix);
                k.walk(c, prefix == null ? "" : prefix, c.name.replace('/', '.'), new ArrayList<>());
            }
        });
        k.embeddedPostgresKeys();
        return k;
    }

    /** {@code a.b-c.<*>} for {@code a.b-c.<name>} or {@code a.b-c.<alias>}. */
    static String normalise(String property) {
        return property.replaceAll("<[^>]*>", ANY);
    }

    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9\u0000]", "_");
    }

    Optional<Key> find(String property) {
        return keys.stream().filter(k -> k.matches(property)).findFirst();
    }

    private void walk(ClassNode group, String prefix, String readBy, List<String> seen) {
        if (seen.contains(group.name)) {
            return;
        }
        seen.add(group.name);
        for (String parent : group.interfaces) {
            if (classes.containsKey(parent)) {
                walk(classes.get(parent), prefix, readBy, seen);
            }
        }
        for (MethodNode m : group.methods) {
            if ((m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT)) != Opcodes.ACC_ABSTRACT
                    || !m.desc.startsWith("()")) {
                continue;
            }
            AnnotationNode withName = annotation(m.visibleAnnotations, WITH_NAME);
            String name = annotation(m.visibleAnnotations, WITH_PARENT_NAME) != null
                    ? prefix
                    : join(prefix, withName != null ? (String) value(withName, "value") : kebab(m.name));
            Signature type = Signature.parse(m.signature != null ? m.signature.substring(2) : m.desc.substring(2));
            while (UNWRAPPED.contains(type.className()) && !type.arguments().isEmpty()) {
                type = type.arguments().getFirst();
            }
            if (type.className().equals("java/util/Map")) {
                name = join(name, ANY);
                type = type.arguments().get(1);
            }
            ClassNode nested = classes.get(type.className());
            if (nested != null && (nested.access & Opcodes.ACC_INTERFACE) != 0) {
                walk(nested, name, readBy, seen);
            } else {
                AnnotationNode withDefault = annotation(m.visibleAnnotations, WITH_DEFAULT);
                keys.add(new Key(name, Optional.ofNullable(withDefault).map(a -> (String) value(a, "value")), readBy));
            }
        }
        seen.remove(group.name);
    }

    /**
     * The factory reads {@code value(context, "embedded-postgres.x", "fallback")}: each key is a string
     * constant, and the constant loaded right after it is its fallback.
     */
    private void embeddedPostgresKeys() {
        ClassNode factory = classes.values().stream()
                .filter(c -> c.name.endsWith("/" + EMBEDDED_POSTGRES))
                .findFirst()
                .orElseThrow(() -> new AssertionError(EMBEDDED_POSTGRES + " is not among the compiled classes"));
        for (MethodNode m : factory.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof LdcInsnNode ldc
                        && ldc.cst instanceof String s
                        && s.startsWith("embedded-postgres.")) {
                    AbstractInsnNode next = insn.getNext();
                    Optional<String> fallback = next instanceof LdcInsnNode n && n.cst instanceof String f
                            ? Optional.of(f)
                            : Optional.empty();
                    keys.add(new Key(s, fallback, factory.name.replace('/', '.')));
                }
            }
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** SmallRye Config's default naming: {@code maxMetadataKeys} is {@code max-metadata-keys}. */
    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static AnnotationNode annotation(List<AnnotationNode> annotations, String desc) {
        return annotations == null
                ? null
                : annotations.stream()
                        .filter(a -> a.desc.equals(desc))
                        .findFirst()
                        .orElse(null);
    }

    private static Object value(AnnotationNode annotation, String name) {
        List<Object> values = annotation.values == null ? List.of() : annotation.values;
        for (int i = 0; i + 1 < values.size(); i += 2) {
            if (name.equals(values.get(i))) {
                return values.get(i + 1);
            }
        }
        return null;
    }

    /** A compiled class, read without loading it. */
    static ClassNode parse(Path file) {
        ClassNode node = new ClassNode();
        try {
            new ClassReader(Files.readAllBytes(file)).accept(node, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return node;
    }

    /** A type in a generic signature: {@code Ljava/util/Map<Ljava/lang/String;LFoo;>;} and the like. */
    record Signature(String className, List<Signature> arguments) {

        static Signature parse(String signature) {
            int[] pos = {0};
            return read(signature, pos);
        }

        private static Signature read(String s, int[] pos) {
            char c = s.charAt(pos[0]);
            if (c == '+' || c == '-') {
                pos[0]++;
                return read(s, pos);
            }
            if (c == '*') {
                pos[0]++;
                return new Signature("java/lang/Object", List.of());
            }
            if (c == '[') {
                pos[0]++;
                return new Signature("[" + read(s, pos).className(), List.of());
            }
            if (c != 'L' && c != 'T') {
                pos[0]++;
                return new Signature(String.valueOf(c), List.of());
            }
            int start = ++pos[0];
            while (s.charAt(pos[0]) != ';' && s.charAt(pos[0]) != '<') {
                pos[0]++;
            }
            String name = s.substring(start, pos[0]);
            List<Signature> args = new ArrayList<>();
            if (s.charAt(pos[0]) == '<') {
                pos[0]++;
                while (s.charAt(pos[0]) != '>') {
                    args.add(read(s, pos));
                }
                pos[0]++;
            }
            pos[0]++; // ';'
            return new Signature(name, args);
        }
    }
}
