package io.agentruntime.lookup.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Agent vectors by file content (SHA-256 of the agent file), so that a reload re-embeds only the files
 * that changed. Always in memory; then the vectors the build shipped for the built-in agents
 * ({@link ShippedVectors}, read once on first use); also on disk when a directory is configured, so that a
 * restart does not re-embed the agents of {@code agents.dirs} either. A damaged or unreadable disk entry is
 * treated as missing.
 */
public final class VectorCache {

    private static final Logger LOG = Logger.getLogger(VectorCache.class);
    private static final Pattern SAFE_KEY = Pattern.compile("[0-9a-zA-Z]{1,128}");
    private static final int MAGIC = 0x41525631; // "ARV1"

    /** Where a cache entry was found. */
    public enum Origin {
        /** Computed or read earlier by this process. */
        MEMORY,
        /** Computed by the build for a built-in agent. */
        SHIPPED,
        /** Read from the cache directory, written by an earlier start. */
        DISK
    }

    /** A cache entry and where it came from. */
    public record Found(AgentVectors vectors, Origin origin) {}

    private final Map<String, AgentVectors> memory = new ConcurrentHashMap<>();
    private final Path dir;
    private final String version;
    private final Supplier<Map<String, AgentVectors>> shippedSource;
    private volatile Map<String, AgentVectors> shipped;

    /**
     * @param dir     where to keep vectors across restarts, or null for memory only
     * @param version what produced the vectors; entries of another version are not used
     */
    public VectorCache(Path dir, String version) {
        this(dir, version, Map::of);
    }

    /**
     * @param shipped the vectors the build computed, by file SHA-256 (of {@code version} only); read on the
     *     first look-up, which runs on the embedding thread and not on the start's critical path
     */
    public VectorCache(Path dir, String version, Supplier<Map<String, AgentVectors>> shipped) {
        this.dir = dir;
        this.version = version;
        this.shippedSource = shipped;
    }

    public Optional<AgentVectors> get(String sha256) {
        return find(sha256).map(Found::vectors);
    }

    /** The entry and where it was found: memory, then the shipped vectors, then the cache directory. */
    public Optional<Found> find(String sha256) {
        if (sha256 == null) {
            return Optional.empty();
        }
        AgentVectors v = memory.get(sha256);
        if (v != null) {
            return Optional.of(new Found(v, Origin.MEMORY));
        }
        v = shipped().get(sha256);
        if (v != null) {
            return Optional.of(new Found(v, Origin.SHIPPED));
        }
        if (dir == null || !SAFE_KEY.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = fileOf(sha256);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            v = read(new DataInputStream(in), version);
            if (v != null) {
                memory.put(sha256, v);
            }
            return Optional.ofNullable(v).map(found -> new Found(found, Origin.DISK));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Ignoring unreadable vector cache entry %s: %s", file, e.toString());
            return Optional.empty();
        }
    }

    private Map<String, AgentVectors> shipped() {
        Map<String, AgentVectors> s = shipped;
        if (s == null) {
            synchronized (this) {
                s = shipped;
                if (s == null) {
                    s = Map.copyOf(shippedSource.get());
                    shipped = s;
                }
            }
        }
        return s;
    }

    public void put(String sha256, AgentVectors vectors) {
        if (sha256 == null) {
            return;
        }
        memory.put(sha256, vectors);
        if (dir == null || !SAFE_KEY.matcher(sha256).matches()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, sha256, ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                write(new DataOutputStream(out), vectors, version);
            }
            Files.move(tmp, fileOf(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Could not write the vector cache under %s: %s", dir, e.toString());
        }
    }

    /** Forgets the entries of files no longer in the catalog, in memory (disk entries stay for reuse). */
    public void retainOnly(java.util.Set<String> sha256s) {
        memory.keySet().retainAll(sha256s);
    }

    int size() {
        return memory.size();
    }

    private Path fileOf(String sha256) {
        return dir.resolve(sha256 + ".vec");
    }

    public static void write(DataOutputStream out, AgentVectors v, String version) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(version);
        writeRows(out, v.description() == null ? new float[0][] : new float[][] {v.description()});
        writeRows(out, v.examples());
        writeRows(out, v.body());
        out.flush();
    }

    /** The vectors, or null when the entry was made by another version. */
    public static AgentVectors read(DataInputStream in, String version) throws IOException {
        if (in.readInt() != MAGIC || !in.readUTF().equals(version)) {
            return null;
        }
        float[][] description = readRows(in);
        float[][] examples = readRows(in);
        float[][] body = readRows(in);
        return new AgentVectors(description.length == 0 ? null : description[0], examples, body);
    }

    private static void writeRows(DataOutputStream out, float[][] rows) throws IOException {
        out.writeInt(rows.length);
        out.writeInt(rows.length == 0 ? 0 : rows[0].length);
        for (float[] row : rows) {
            for (float x : row) {
                out.writeFloat(x);
            }
        }
    }

    private static float[][] readRows(DataInputStream in) throws IOException {
        int rows = in.readInt();
        int dim = in.readInt();
        if (rows < 0 || dim < 0 || (long) rows * dim > 10_000_000L) {
            throw new IOException("bad size");
        }
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            for (int i = 0; i < dim; i++) {
                row[i] = in.readFloat();
            }
        }
        return out;
    }
}
