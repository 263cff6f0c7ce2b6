package io.agentruntime.deploy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Reads compiled classes and tells what a native executable would miss. GraalVM keeps reflection only
 * for registered types; Quarkus registers the types it can see (REST resource and REST client
 * signatures), so the rest must carry {@code @RegisterForReflection} or be listed in one's
 * {@code targets}. A record needs it when Jackson reaches it where Quarkus cannot see:
 * <ul>
 * <li>it or its members carry Jackson annotations;</li>
 * <li>its class literal is passed around in a method that calls an ObjectMapper/ObjectReader/ObjectWriter
 * (e.g. {@code mapper.readValue(json, X.class)}), or it is the type argument of a {@code TypeReference};</li>
 * <li>it is the entity of a JAX-RS Response or an SSE event (the declared return type, Response, says
 * nothing about it), traced back from the entity call to where the value was made;</li>
 * <li>it is a component, or a permitted subtype of a component, of a record that needs it.</li>
 * </ul>
 * It also finds run-time classpath scanning (ClassLoader.getResources, scanning libraries,
 * Class.forName with a computed name) and classpath resources read by a name that
 * {@code quarkus.native.resources.includes} does not cover.
 */
final class NativeReadiness {

    private static final String REGISTER = "Lio/quarkus/runtime/annotations/RegisterForReflection;";
    private static final Set<String> JACKSON_OWNERS = Set.of(
            "com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectReader",
            "com/fasterxml/jackson/databind/ObjectWriter",
            "com/fasterxml/jackson/databind/json/JsonMapper",
            "io/vertx/core/json/Json",
            "io/vertx/core/json/JsonObject",
            "io/vertx/core/json/JsonArray");
    private static final Set<String> HTTP_VERBS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Set<String> SCANNING_LIBRARIES = Set.of(
            "io/github/classgraph/",
            "org/reflections/",
            "org/springframework/core/io/support/",
            "com/google/common/reflect/ClassPath");
    /** Resources Quarkus puts into every native executable by itself. */
    private static final List<String> AUTO_INCLUDED = List.of(
            "application.properties",
            "META-INF/services/**",
            "META-INF/resources/**",
            "META-INF/microprofile-config.properties");

    private final Map<String, ClassNode> classes = new TreeMap<>();

    NativeReadiness(Path root, String prefix) {
        CompiledClasses.bytecode(root, prefix).forEach(c -> classes.put(c.name, c));
        if (classes.isEmpty()) {
            throw new IllegalStateException("No classes under " + root + " for " + prefix);
        }
    }

    Set<String> classNames() {
        return classes.keySet();
    }

    // ---------------------------------------------------------------- reflection

    /** Record -> why Jackson reaches it without Quarkus seeing it, for those not registered. */
    Map<String, String> unregisteredRecords() {
        Map<String, String> missing = new TreeMap<>(needsReflection());
        missing.keySet().removeAll(registered());
        missing.keySet().removeAll(restVisible());
        return missing;
    }

    Map<String, String> needsReflection() {
        Map<String, String> needs = new LinkedHashMap<>();
        for (ClassNode c : classes.values()) {
            if (isRecord(c) && jacksonAnnotated(c)) {
                needs.putIfAbsent(c.name, "carries Jackson annotations");
            }
            if ("com/fasterxml/jackson/core/type/TypeReference".equals(c.superName) && c.signature != null) {
                typesIn(c.signature).stream()
                        .filter(this::isOurRecordOrSealed)
                        .forEach(t -> needs.putIfAbsent(t, "type argument of a TypeReference in " + c.name));
            }
            for (MethodNode m : c.methods) {
                String where = c.name + "." + m.name;
                if (calls(m, i -> JACKSON_OWNERS.contains(i.owner))) {
                    for (AbstractInsnNode i : m.instructions) {
                        if (i instanceof LdcInsnNode ldc
                                && ldc.cst instanceof Type t
                                && isOurRecordOrSealed(t.getInternalName())) {
                            needs.putIfAbsent(t.getInternalName(), "read or written with Jackson in " + where);
                        }
                    }
                }
                for (String entity : entityTypes(c, m)) {
                    if (isOurRecordOrSealed(entity)) {
                        needs.putIfAbsent(entity, "response or SSE entity in " + where);
                    }
                }
            }
        }
        // Jackson reflects on what a record holds, too.
        Deque<String> todo = new ArrayDeque<>(needs.keySet());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            for (String part : parts(name)) {
                if (needs.putIfAbsent(part, "held by " + name) == null) {
                    todo.push(part);
                }
            }
        }
        needs.keySet().removeIf(n -> !isRecord(classes.get(n)));
        return needs;
    }

    /**
     * The types of the values handed to a Response or SSE entity in a method, traced back through local
     * variables to where they were made: {@code new X(..)}, a factory's return type, a cast, a field or a
     * parameter.
     */
    private static List<String> entityTypes(ClassNode owner, MethodNode m) {
        if (!calls(m, NativeReadiness::setsEntity)) {
            return List.of();
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(owner.name, m);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("Cannot analyse " + owner.name + "." + m.name, e);
        }
        List<String> out = new ArrayList<>();
        for (int idx = 0; idx < m.instructions.size(); idx++) {
            if (m.instructions.get(idx) instanceof MethodInsnNode call && setsEntity(call) && frames[idx] != null) {
                Type[] args = Type.getArgumentTypes(call.desc);
                Frame<SourceValue> f = frames[idx];
                for (int k = 0; k < args.length; k++) {
                    if (args[k].getDescriptor().equals("Ljava/lang/Object;")) {
                        sources(m, frames, f.getStack(f.getStackSize() - args.length + k), out, 0);
                    }
                }
            }
        }
        return out;
    }

    private static void sources(
            MethodNode m, Frame<SourceValue>[] frames, SourceValue value, List<String> out, int depth) {
        if (depth > 4) {
            return;
        }
        for (AbstractInsnNode insn : value.insns) {
            switch (insn) {
                case TypeInsnNode t
                when t.getOpcode() == Opcodes.NEW || t.getOpcode() == Opcodes.CHECKCAST -> out.add(t.desc);
                case MethodInsnNode call
                when Type.getReturnType(call.desc).getSort() == Type.OBJECT ->
                    out.add(Type.getReturnType(call.desc).getInternalName());
                case org.objectweb.asm.tree.FieldInsnNode field
                when Type.getType(field.desc).getSort() == Type.OBJECT ->
                    out.add(Type.getType(field.desc).getInternalName());
                case org.objectweb.asm.tree.VarInsnNode load
                when load.getOpcode() == Opcodes.ALOAD -> {
                    boolean stored = false;
                    for (int i = 0; i < m.instructions.size(); i++) {
                        if (m.instructions.get(i) instanceof org.objectweb.asm.tree.VarInsnNode store
                                && store.getOpcode() == Opcodes.ASTORE
                                && store.var == load.var
                                && frames[i] != null) {
                            Frame<SourceValue> f = frames[i];
                            sources(m, frames, f.getStack(f.getStackSize() - 1), out, depth + 1);
                            stored = true;
                        }
                    }
                    if (!stored) {
                        parameterType(m, load.var).ifPresent(out::add);
                    }
                }
                case org.objectweb.asm.tree.InsnNode dup
                when dup.getOpcode() >= Opcodes.DUP && dup.getOpcode() <= Opcodes.DUP2_X2 -> {
                    Frame<SourceValue> f = frames[m.instructions.indexOf(dup)];
                    if (f != null) {
                        sources(m, frames, f.getStack(f.getStackSize() - 1), out, depth + 1);
                    }
                }
                default -> {}
            }
        }
    }

    /** The declared type of the parameter in a local variable slot, if the slot is a reference parameter. */
    private static java.util.Optional<String> parameterType(MethodNode m, int slot) {
        int next = (m.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type arg : Type.getArgumentTypes(m.desc)) {
            if (next == slot) {
                return arg.getSort() == Type.OBJECT
                        ? java.util.Optional.of(arg.getInternalName())
                        : java.util.Optional.empty();
            }
            next += arg.getSize();
        }
        return java.util.Optional.empty();
    }

    /** Types registered with @RegisterForReflection: annotated ones, and the targets/classNames of any. */
    Set<String> registered() {
        Set<String> out = new HashSet<>();
        for (ClassNode c : classes.values()) {
            AnnotationNode a = annotation(c, REGISTER);
            if (a == null) {
                continue;
            }
            boolean listed = false;
            for (int i = 0; a.values != null && i < a.values.size(); i += 2) {
                if (a.values.get(i).equals("targets")) {
                    for (Object t : (List<?>) a.values.get(i + 1)) {
                        out.add(((Type) t).getInternalName());
                        listed = true;
                    }
                } else if (a.values.get(i).equals("classNames")) {
                    for (Object n : (List<?>) a.values.get(i + 1)) {
                        out.add(((String) n).replace('.', '/'));
                        listed = true;
                    }
                }
            }
            if (!listed) {
                out.add(c.name);
            }
        }
        return out;
    }

    /** Types in the signatures of REST resource and REST client methods, with what they hold. */
    Set<String> restVisible() {
        Set<String> out = new HashSet<>();
        for (ClassNode c : classes.values()) {
            boolean restClass = hasAnnotation(c.visibleAnnotations, "Ljakarta/ws/rs/Path;")
                    || hasAnnotation(
                            c.visibleAnnotations, "Lorg/eclipse/microprofile/rest/client/inject/RegisterRestClient;");
            for (MethodNode m : c.methods) {
                boolean endpoint = (restClass && (m.access & Opcodes.ACC_PUBLIC) != 0 && !m.name.startsWith("<"))
                        || hasAnnotation(m.visibleAnnotations, "Ljakarta/ws/rs/Path;")
                        || (m.visibleAnnotations != null
                                && m.visibleAnnotations.stream()
                                        .anyMatch(a -> HTTP_VERBS.contains(Type.getType(a.desc)
                                                .getClassName()
                                                .replace("jakarta.ws.rs.", ""))));
                if (endpoint) {
                    out.addAll(typesIn(m.signature != null ? m.signature : m.desc));
                }
            }
        }
        Deque<String> todo = new ArrayDeque<>(out);
        while (!todo.isEmpty()) {
            for (String part : parts(todo.pop())) {
                if (out.add(part)) {
                    todo.push(part);
                }
            }
        }
        return out;
    }

    /** Our types a record holds (components and their type arguments) and a sealed type's permitted subtypes. */
    private List<String> parts(String name) {
        ClassNode c = classes.get(name);
        List<String> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        if (c.recordComponents != null) {
            for (RecordComponentNode rc : c.recordComponents) {
                out.addAll(typesIn(rc.signature != null ? rc.signature : rc.descriptor));
            }
        }
        if (c.permittedSubclasses != null) {
            out.addAll(c.permittedSubclasses);
        }
        out.removeIf(t -> !classes.containsKey(t));
        return out;
    }

    // ---------------------------------------------------------------- scanning and resources

    /** Places that scan the classpath or load classes by a computed name at run time. */
    List<String> classpathScanning() {
        List<String> out = new ArrayList<>();
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode i : m.instructions) {
                    if (!(i instanceof MethodInsnNode call)) {
                        continue;
                    }
                    String where = c.name + "." + m.name;
                    if (call.owner.equals("java/lang/ClassLoader") && call.name.equals("getResources")) {
                        out.add(where + " enumerates classpath resources (ClassLoader.getResources)");
                    } else if (SCANNING_LIBRARIES.stream().anyMatch(call.owner::startsWith)) {
                        out.add(where + " uses a classpath scanning library (" + call.owner + ")");
                    } else if (call.owner.equals("java/lang/Class")
                            && call.name.equals("forName")
                            && constantString(call, Type.getArgumentTypes(call.desc).length) == null) {
                        out.add(where + " loads a class by a computed name (Class.forName)");
                    }
                }
            }
        }
        return out;
    }

    /** Resource names read from the classpath that the native executable would not contain. */
    List<String> resourcesOutside(List<String> includes) {
        List<Pattern> covered = Stream.concat(includes.stream(), AUTO_INCLUDED.stream())
                .map(NativeReadiness::glob)
                .toList();
        List<String> out = new ArrayList<>();
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                for (AbstractInsnNode i : m.instructions) {
                    if (i instanceof MethodInsnNode call && isResourceRead(call)) {
                        String name = constantString(call, 1);
                        String where = c.name + "." + m.name;
                        if (name == null) {
                            boolean mentionsIncluded = strings(m).stream()
                                    .anyMatch(s -> includes.stream()
                                            .anyMatch(g -> g.startsWith(s.replaceAll("^/|/$", "") + "/")));
                            if (!mentionsIncluded) {
                                out.add(where + " reads a resource by a computed name outside any included folder");
                            }
                            continue;
                        }
                        String path = name.startsWith("/") || !call.owner.equals("java/lang/Class")
                                ? name.replaceFirst("^/", "")
                                : c.name.substring(0, c.name.lastIndexOf('/') + 1) + name;
                        if (covered.stream().noneMatch(p -> p.matcher(path).matches())) {
                            out.add(where + " reads '" + path
                                    + "', which quarkus.native.resources.includes does not cover");
                        }
                    }
                }
            }
        }
        return out;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (ch == '*') {
                regex.append("[^/]*");
            } else if (ch == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean isResourceRead(MethodInsnNode call) {
        return (call.owner.equals("java/lang/Class") || call.owner.equals("java/lang/ClassLoader"))
                && (call.name.equals("getResource")
                        || call.name.equals("getResourceAsStream")
                        || call.name.equals("getSystemResource")
                        || call.name.equals("getSystemResourceAsStream"));
    }

    /** The string constant pushed as the first of {@code args} arguments, when it is one. */
    private static String constantString(MethodInsnNode call, int args) {
        AbstractInsnNode i = call;
        for (int k = 0; k < args; k++) {
            i = previousReal(i);
        }
        return i instanceof LdcInsnNode ldc && ldc.cst instanceof String s ? s : null;
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode i) {
        AbstractInsnNode p = i == null ? null : i.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }

    private static List<String> strings(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode i : m.instructions) {
            if (i instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
                out.add(s);
            } else if (i instanceof InvokeDynamicInsnNode indy) {
                // String concatenation: the constant parts are in the recipe, around the placeholder characters.
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof String recipe) {
                        out.addAll(List.of(recipe.split("[\u0001\u0002]")));
                    }
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean setsEntity(MethodInsnNode i) {
        return (i.owner.equals("jakarta/ws/rs/core/Response$ResponseBuilder") && i.name.equals("entity"))
                || (i.owner.equals("jakarta/ws/rs/core/Response")
                        && i.name.equals("ok")
                        && i.desc.startsWith("(Ljava/lang/Object;"))
                || (i.owner.startsWith("org/jboss/resteasy/reactive/RestResponse")
                        && i.desc.contains("Ljava/lang/Object;"))
                || (i.owner.equals("jakarta/ws/rs/sse/OutboundSseEvent$Builder") && i.name.equals("data"));
    }

    private static boolean calls(MethodNode m, java.util.function.Predicate<MethodInsnNode> p) {
        for (AbstractInsnNode i : m.instructions) {
            if (i instanceof MethodInsnNode call && p.test(call)) {
                return true;
            }
        }
        return false;
    }

    private boolean isOurRecordOrSealed(String internalName) {
        ClassNode c = classes.get(internalName);
        return c != null && (isRecord(c) || c.permittedSubclasses != null);
    }

    private static boolean isRecord(ClassNode c) {
        return c != null && "java/lang/Record".equals(c.superName);
    }

    private static boolean jacksonAnnotated(ClassNode c) {
        List<List<AnnotationNode>> all = new ArrayList<>();
        all.add(c.visibleAnnotations);
        for (FieldNode f : c.fields) {
            all.add(f.visibleAnnotations);
        }
        for (MethodNode m : c.methods) {
            all.add(m.visibleAnnotations);
            if (m.visibleParameterAnnotations != null) {
                all.addAll(java.util.Arrays.asList(m.visibleParameterAnnotations));
            }
        }
        if (c.recordComponents != null) {
            c.recordComponents.forEach(rc -> all.add(rc.visibleAnnotations));
        }
        return all.stream()
                .filter(l -> l != null)
                .flatMap(List::stream)
                .anyMatch(a -> a.desc.startsWith("Lcom/fasterxml/jackson/annotation/")
                        || a.desc.startsWith("Lcom/fasterxml/jackson/databind/annotation/"));
    }

    private static AnnotationNode annotation(ClassNode c, String desc) {
        return Stream.of(c.visibleAnnotations, c.invisibleAnnotations)
                .filter(l -> l != null)
                .flatMap(List::stream)
                .filter(a -> a.desc.equals(desc))
                .findFirst()
                .orElse(null);
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        return annotations != null && annotations.stream().anyMatch(a -> a.desc.equals(desc));
    }

    /** Every class named in a descriptor or generic signature. */
    static List<String> typesIn(String signature) {
        List<String> out = new ArrayList<>();
        new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
            @Override
            public void visitClassType(String name) {
                out.add(name);
            }

            @Override
            public void visitInnerClassType(String name) {
                // The outer class was reported before; an inner class arrives as its simple name.
                if (!out.isEmpty()) {
                    out.add(out.get(out.size() - 1) + "$" + name);
                }
            }
        });
        return out;
    }
}
