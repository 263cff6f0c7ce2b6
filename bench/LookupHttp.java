import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lookup quality through the packaged application's HTTP API, the way an operator runs it: starts
 * target/quarkus-app/quarkus-run.jar (prod profile) on the shared routing corpus, with the example blocks cut
 * out of the agent files (the routing cases are those examples), and asks POST /v1/agents/lookup every
 * case. Run by bench/lookup-http.sh; needs QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME) in the environment.
 *
 * <p>Arguments: the corpus folder (VoltAgent-awesome-claude-code-subagents), then {@code hybrid} or
 * {@code keyword}.
 */
public class LookupHttp {

    private static final Pattern CASE = Pattern.compile(
            "\"query\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\".*?\"expected\":\\s*\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]+)\"");
    private static final Pattern MODE = Pattern.compile("\"mode\":\"([a-z]+)\"");

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        boolean hybrid = args[1].equals("hybrid");
        Path agents = Files.createTempDirectory("lookup-http-agents");
        try (Stream<Path> files = Files.walk(corpus.resolve("categories"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                String text = Files.readString(f).replaceAll("(?s)<example>.*?</example>", "");
                Files.writeString(agents.resolve(f.getFileName()), text);
            }
        }
        int port;
        int management;
        try (ServerSocket s = new ServerSocket(0);
                ServerSocket m = new ServerSocket(0)) {
            port = s.getLocalPort();
            management = m.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/quarkus-app/quarkus-run.jar");
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        pb.environment().put("AGENTS_DIRS", agents.toString());
        pb.environment().put("AGENTS_INCLUDE_BUILTIN", "false");
        pb.environment().put("LOOKUP_EMBEDDING_ENABLED", String.valueOf(hybrid));
        pb.redirectErrorStream(true).redirectOutput(Path.of("target/lookup-http-" + args[1] + ".log").toFile());
        Process app = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
            String wanted = hybrid ? "\"embedding\": \"ready\"" : "\"embedding\": \"disabled\"";
            while (!get(http, "http://localhost:" + management + "/q/health/live").contains(wanted)) {
                if (Instant.now().isAfter(deadline) || !app.isAlive()) {
                    throw new IllegalStateException("the application did not get ready: see target/lookup-http-*.log");
                }
                Thread.sleep(1000);
            }
            List<String[]> cases = new ArrayList<>();
            for (String line : Files.readAllLines(corpus.resolve("routing-cases.jsonl"))) {
                Matcher m = CASE.matcher(line);
                if (m.find()) {
                    cases.add(new String[] {m.group(1), m.group(2)});
                }
            }
            int top1 = 0;
            int top3 = 0;
            String mode = null;
            for (String[] c : cases) {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/v1/agents/lookup"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"query\": \"" + c[0] + "\", \"limit\": 3}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                        .body();
                List<String> names = NAME.matcher(body).results().map(r -> r.group(1)).toList();
                Matcher m = MODE.matcher(body);
                mode = m.find() ? m.group(1) : "?";
                top1 += !names.isEmpty() && names.get(0).equals(c[1]) ? 1 : 0;
                top3 += names.contains(c[1]) ? 1 : 0;
            }
            System.out.printf(
                    "%s: %d cases, mode %s, top-1 %.1f%%, top-3 %.1f%%%n",
                    args[1], cases.size(), mode, 100.0 * top1 / cases.size(), 100.0 * top3 / cases.size());
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static String get(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        }
    }
}
