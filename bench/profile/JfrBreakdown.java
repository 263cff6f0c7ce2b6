import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from a JFR recording (settings=profile): the share of CPU per thread kind
 * (request handling, virtual-thread carriers, JIT compilers, GC), the share of samples whose stack
 * passes through each library (a sample counts once per library it touches, so the shares overlap), the
 * application's entry frames, and the exceptions thrown per kind. Markdown on standard output.
 *
 * <p>The samples are JDK 25's CPU-time samples ({@code jdk.CPUTimeSample}) when the recording has them, else
 * the execution samples. Only the former see the time a thread spends in native code and the kernel (socket
 * reads and writes): with execution samples alone the database's round trips, a fifth of a task's CPU, did not
 * show.
 *
 * <pre>java bench/profile/JfrBreakdown.java recording.jfr [requests]</pre>
 *
 * With the number of requests served during the recording it also prints exceptions per request.
 */
public class JfrBreakdown {

    /** Libraries by package prefix, in the order they are printed. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("Hibernate ORM", "org.hibernate.");
        LIBRARIES.put("PostgreSQL JDBC", "org.postgresql.");
        LIBRARIES.put("Agroal pool", "io.agroal.");
        LIBRARIES.put("Narayana transactions", "com.arjuna.");
        LIBRARIES.put("Jackson", "com.fasterxml.");
        LIBRARIES.put("Quarkus REST (RESTEasy Reactive)", "org.jboss.resteasy.");
        LIBRARIES.put("Vert.x", "io.vertx.");
        LIBRARIES.put("Netty", "io.netty.");
        LIBRARIES.put("Mutiny", "io.smallrye.mutiny.");
        LIBRARIES.put("Micrometer", "io.micrometer.");
        LIBRARIES.put("OpenTelemetry", "io.opentelemetry.");
        LIBRARIES.put("ArC (CDI)", "io.quarkus.arc.");
        LIBRARIES.put("JBoss Logging", "org.jboss.log");
        LIBRARIES.put("Agent Runtime", "io.agentruntime.");
        LIBRARIES.put("Socket I/O (native and kernel time)", "sun.nio.ch.");
    }

    public static void main(String[] args) throws Exception {
        long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Map<String, Double> threadCpu = new HashMap<>();
        Map<String, Map<String, Integer>> library = Map.of("cpu", new HashMap<>(), "exec", new HashMap<>());
        Map<String, Map<String, Integer>> entry = Map.of("cpu", new HashMap<>(), "exec", new HashMap<>());
        Map<String, Integer> exceptions = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>(Map.of("cpu", 0, "exec", 0));
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (e.getEventType().getName()) {
                case "jdk.ThreadCPULoad" -> threadCpu.merge(
                        kind(e.getThread("eventThread")), (double) (e.getFloat("user") + e.getFloat("system")), Double::sum);
                case "jdk.JavaExceptionThrow" -> exceptions.merge(
                        e.getClass("thrownClass").getName() + ": " + shorten(e.getString("message")), 1, Integer::sum);
                case "jdk.ExecutionSample", "jdk.CPUTimeSample" -> {
                    String kind = e.getEventType().getName().equals("jdk.CPUTimeSample") ? "cpu" : "exec";
                    counts.merge(kind, 1, Integer::sum);
                    if (e.getStackTrace() == null) {
                        continue;
                    }
                    Set<String> seen = new HashSet<>();
                    String outermostApp = null;
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        String type = f.getMethod().getType().getName();
                        LIBRARIES.forEach((name, prefix) -> {
                            if (type.startsWith(prefix)) {
                                seen.add(name);
                            }
                        });
                        if (type.startsWith("io.agentruntime.")) {
                            outermostApp = type.replaceAll("\\$\\$Lambda.*", "(lambda)") + "." + f.getMethod().getName();
                        }
                    }
                    seen.forEach(l -> library.get(kind).merge(l, 1, Integer::sum));
                    if (outermostApp != null) {
                        entry.get(kind).merge(outermostApp, 1, Integer::sum);
                    }
                }
                default -> {}
            }
        }
        double cpu = threadCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("CPU by thread kind (jdk.ThreadCPULoad, share of the JVM's CPU):");
        System.out.println();
        System.out.println("| threads | share |");
        System.out.println("|---|---:|");
        top(threadCpu, 10).forEach(k -> System.out.printf("| %s | %.1f %% |%n", k, threadCpu.get(k) * 100 / cpu));
        System.out.println();
        String used = counts.get("cpu") > 0 ? "cpu" : "exec";
        int samples = counts.get(used);
        System.out.printf(
                "%s: %d. Samples whose stack passes through each library:%n%n",
                used.equals("cpu")
                        ? "CPU-time samples (jdk.CPUTimeSample, native and kernel time included)"
                        : "Java execution samples (jdk.ExecutionSample: time in native code not seen)",
                samples);
        System.out.println("| library | share of samples |");
        System.out.println("|---|---:|");
        for (String l : LIBRARIES.keySet()) {
            if (library.get(used).containsKey(l)) {
                System.out.printf("| %s | %.1f %% |%n", l, library.get(used).get(l) * 100.0 / samples);
            }
        }
        System.out.println();
        System.out.println("Outermost application frame of the samples (what the work was done for):");
        System.out.println();
        System.out.println("| application frame | share of samples |");
        System.out.println("|---|---:|");
        for (String k : top(entry.get(used), 8)) {
            System.out.printf("| `%s` | %.1f %% |%n", k, entry.get(used).get(k) * 100.0 / samples);
        }
        System.out.println();
        System.out.println("Exceptions thrown (every kind, including those caught inside libraries):");
        System.out.println();
        System.out.println(requests > 0 ? "| exception | count | per request |" : "| exception | count |");
        System.out.println(requests > 0 ? "|---|---:|---:|" : "|---|---:|");
        for (String k : top(exceptions, 6)) {
            System.out.printf(
                    requests > 0 ? "| %s | %d | %.2f |%n" : "| %s | %d |%n",
                    k.replace("|", "/"),
                    exceptions.get(k),
                    requests > 0 ? exceptions.get(k) / (double) requests : 0);
        }
    }

    /** Thread names without their numbers: one row per pool. */
    private static String kind(RecordedThread t) {
        if (t == null) {
            return "(unknown)";
        }
        String name = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return name == null ? "(unnamed)" : name.replaceAll("[-#\\s]*\\d+$", "");
    }

    private static String shorten(String message) {
        if (message == null) {
            return "-";
        }
        return message.length() > 70 ? message.substring(0, 70) + "..." : message;
    }

    private static <N extends Number> List<String> top(Map<String, N> counts, int n) {
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort((a, b) -> Double.compare(counts.get(b).doubleValue(), counts.get(a).doubleValue()));
        return keys.subList(0, Math.min(n, keys.size()));
    }
}
