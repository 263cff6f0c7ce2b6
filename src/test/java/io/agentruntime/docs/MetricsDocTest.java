package io.agentruntime.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentruntime.docs.Markdown.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * docs/observability.md lists every meter of the service's own ({@code agent_runtime_*}), and only those.
 * The meters are found in the compiled classes: the string given to {@code Metrics.name("tasks.ended")},
 * or a constant that starts with the prefix. Plain JUnit over target/classes: no application start, so
 * a meter that only appears after a task ran is found as well.
 */
class MetricsDocTest {

    static final String OBSERVABILITY = "observability.md";
    private static final String PREFIX = "agent_runtime.";
    /** What Micrometer's Prometheus naming appends to a counter or a timer. */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds");

    /** Meter names as registered: {@code agent_runtime.tasks.ended}, with the class that registers it. */
    private static TreeMap<String, String> meters;
    /** The metrics table's names: {@code agent_runtime_tasks_ended_total}, with where they are. */
    private static TreeMap<String, String> documented;

    @BeforeAll
    static void read() {
        meters = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ConfigKeys.CLASSES)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> scan(ConfigKeys.parse(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        documented = new TreeMap<>();
        Markdown page = Markdown.doc(OBSERVABILITY);
        for (Row row : page.tableRows()) {
            if (row.header().getFirst().toLowerCase(Locale.ROOT).startsWith("metric")) {
                Markdown.codeSpans(row.cell(0)).stream()
                        .findFirst()
                        .filter(name -> name.startsWith("agent_runtime_"))
                        .ifPresent(name -> documented.put(name, row.where()));
            }
        }
    }

    @Test
    void theScanFindsTheMeters() {
        // If the scan broke (a renamed helper, a moved folder) the other checks would pass vacuously.
        assertThat(meters).as("meters registered by target/classes").containsKey(PREFIX + "tasks.ended");
        assertThat(documented)
                .as("agent_runtime_* rows of the table headed Metric in docs/" + OBSERVABILITY)
                .isNotEmpty();
    }

    @Test
    void everyMeterIsDocumented() {
        Set<String> missing = new TreeSet<>();
        meters.forEach((meter, registeredBy) -> {
            if (SUFFIXES.stream().noneMatch(s -> documented.containsKey(prometheus(meter) + s))) {
                missing.add(prometheus(meter) + "[_total|_seconds] (registered by " + registeredBy + ")");
            }
        });
        assertThat(missing)
                .as("meters without a row in the metrics table of docs/" + OBSERVABILITY)
                .isEmpty();
    }

    @Test
    void everyDocumentedMeterExists() {
        Set<String> registered = new TreeSet<>();
        meters.keySet().forEach(m -> SUFFIXES.forEach(s -> registered.add(prometheus(m) + s)));
        Set<String> unknown = new TreeSet<>();
        documented.forEach((name, where) -> {
            if (!registered.contains(name)) {
                unknown.add(name + " (" + where + ")");
            }
        });
        assertThat(unknown).as("documented meters no class registers").isEmpty();
    }

    /** {@code agent_runtime.tasks.ended} as Prometheus names it, before any unit or {@code _total}. */
    private static String prometheus(String meter) {
        return meter.replace('.', '_');
    }

    /** {@code Metrics.name("x.y")} (a constant then the call), or a constant with the prefix. */
    private static void scan(ClassNode c) {
        for (MethodNode m : c.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (!(insn instanceof LdcInsnNode ldc) || !(ldc.cst instanceof String s)) {
                    continue;
                }
                if (insn.getNext() instanceof MethodInsnNode call
                        && call.getOpcode() == Opcodes.INVOKESTATIC
                        && call.owner.endsWith("/Metrics")
                        && call.name.equals("name")) {
                    meters.put(PREFIX + s, c.name.replace('/', '.'));
                } else if (s.startsWith(PREFIX) && s.length() > PREFIX.length()) {
                    meters.put(s, c.name.replace('/', '.'));
                }
            }
        }
    }
}
