package io.agentruntime.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/** The application's compiled classes, found by walking a class folder (no classpath scanning library). */
final class CompiledClasses {

    static final Path MAIN = AppSettings.PROJECT.resolve("target/classes");
    static final Path TEST = AppSettings.PROJECT.resolve("target/test-classes");

    private CompiledClasses() {}

    /** The bytecode of every class under {@code root} whose internal name starts with {@code prefix}. */
    static List<ClassNode> bytecode(Path root, String prefix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p ->
                            root.relativize(p).toString().replace('\\', '/').startsWith(prefix))
                    .map(CompiledClasses::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application's own classes (io.agentruntime..), loaded without initialising them. */
    static List<Class<?>> mainClasses() {
        return bytecode(MAIN, "io/agentruntime/").stream()
                .<Class<?>>map(c -> load(c.name))
                .toList();
    }

    static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, CompiledClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
