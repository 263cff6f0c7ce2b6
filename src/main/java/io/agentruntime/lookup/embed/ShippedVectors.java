package io.agentruntime.lookup.embed;

import io.agentruntime.agent.AgentDefinition;
import io.agentruntime.agent.file.AgentFileParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The vectors of the built-in agents, computed by the build and shipped in the artifact as
 * {@value #RESOURCE}, so that a start spends no CPU embedding them (about 0.1 s of CPU per agent, on a pod
 * that may have a quarter of a core). {@code mvn package} runs {@link #main} in {@code process-classes}
 * (see pom.xml) over {@code agents/index.txt} and the agent files in the build output. Entries are keyed by
 * the file's SHA-256 and carry {@link Embedder#VERSION}: a file that differs at run time (it cannot, inside
 * the artifact) or another model version simply misses and is embedded as before.
 */
public final class ShippedVectors {

    public static final String RESOURCE = "agents/vectors.bin";
    private static final Logger LOG = Logger.getLogger(ShippedVectors.class);
    private static final int MAGIC = 0x41525653; // "ARVS"

    private ShippedVectors() {}

    /**
     * The shipped vectors of this model version by file SHA-256; empty when the artifact has none (a build
     * that skipped the step, dev mode) or they were made by another version.
     */
    public static Map<String, AgentVectors> load(ClassLoader loader, String version) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                LOG.debugf("No %s in the artifact: the built-in agents are embedded at run time", RESOURCE);
                return Map.of();
            }
            return read(new BufferedInputStream(in), version);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Ignoring the shipped agent vectors (%s): %s", RESOURCE, e.toString());
            return Map.of();
        }
    }

    /** The entries of {@code version}, or none when the file was made by another version. */
    static Map<String, AgentVectors> read(InputStream stream, String version) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC || !in.readUTF().equals(version)) {
            return Map.of();
        }
        int count = in.readInt();
        if (count < 0 || count > 100_000) {
            throw new IOException("bad entry count " + count);
        }
        Map<String, AgentVectors> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String sha256 = in.readUTF();
            AgentVectors vectors = VectorCache.read(in, version);
            if (vectors == null) {
                throw new IOException("entry " + sha256 + " of another version");
            }
            out.put(sha256, vectors);
        }
        return out;
    }

    /** Writes the entries sorted by key, so that the same agents and model give the same bytes. */
    static void write(OutputStream stream, Map<String, AgentVectors> bySha256, String version) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeUTF(version);
        Map<String, AgentVectors> sorted = new TreeMap<>(bySha256);
        out.writeInt(sorted.size());
        for (Map.Entry<String, AgentVectors> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            VectorCache.write(out, e.getValue(), version);
        }
        out.flush();
    }

    /**
     * Build step: embeds the built-in agents listed in {@code <classes>/agents/index.txt} and writes
     * {@code <classes>/}{@value #RESOURCE}. Does nothing when that file already holds exactly these files'
     * vectors of this model version, so that a rebuild without agent changes costs no model load.
     *
     * @param args the build's output folder ({@code target/classes}), then a writable folder for the
     *     tokenizer's native library
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ShippedVectors <classes folder> <native folder>");
        }
        Path classes = Path.of(args[0]);
        Path agents = classes.resolve("agents");
        Path target = classes.resolve(RESOURCE);
        Map<String, AgentDefinition> bySha256 = new TreeMap<>();
        AgentFileParser parser = new AgentFileParser();
        for (String line : Files.readAllLines(agents.resolve("index.txt"), StandardCharsets.UTF_8)) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            // The same origin and parser as the catalog's, so that the texts embedded are the ones it reads.
            AgentDefinition agent = parser.parse("classpath:agents", path, Files.readAllBytes(agents.resolve(path)))
                    .agent();
            if (agent != null) {
                bySha256.put(agent.source().sha256(), agent);
            }
        }
        if (Files.isRegularFile(target)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(target))) {
                if (Objects.equals(read(in, Embedder.VERSION).keySet(), bySha256.keySet())) {
                    System.out.printf("%s is up to date (%d agents)%n", target, bySha256.size());
                    return;
                }
            } catch (IOException e) {
                // Made by an older format or damaged: written anew below.
            }
        }
        long start = System.nanoTime();
        Embedder embedder = Embedder.load(Path.of(args[1]));
        Map<String, AgentVectors> vectors = new TreeMap<>();
        for (Map.Entry<String, AgentDefinition> e : bySha256.entrySet()) {
            vectors.put(e.getKey(), embedder.vectorsOf(e.getValue()));
        }
        Path tmp = agents.resolve("vectors.bin.tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            write(out, vectors, Embedder.VERSION);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "Wrote %s: %d built-in agents embedded with %s in %d ms%n",
                target, vectors.size(), Embedder.VERSION, (System.nanoTime() - start) / 1_000_000);
    }
}
