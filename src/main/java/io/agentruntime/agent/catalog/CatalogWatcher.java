package io.agentruntime.agent.catalog;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Notices changes to the agent folders and asks for a reload: a WatchService on every visible folder
 * (the top folder included, which is where a Kubernetes ConfigMap swaps its {@code ..data} link), with a
 * periodic fingerprint comparison as the fallback for file systems that send no events. Bursts of events
 * are collapsed into one reload after a quiet {@code debounce}.
 */
final class CatalogWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatalogWatcher.class);
    private static final Duration MAX_BURST = Duration.ofSeconds(2);

    private final List<Path> dirs;
    private final Duration interval;
    private final Duration debounce;
    private final Supplier<String> fingerprint;
    /** Reloads and answers the fingerprint the reload saw. */
    private final Supplier<String> reload;

    private final Map<Path, WatchKey> keys = new HashMap<>();
    private volatile boolean closed;
    private WatchService watchService;
    private Thread thread;
    private String lastFingerprint;

    CatalogWatcher(
            List<Path> dirs,
            Duration interval,
            Duration debounce,
            String initialFingerprint,
            Supplier<String> fingerprint,
            Supplier<String> reload) {
        this.dirs = dirs;
        this.interval = interval;
        this.debounce = debounce;
        this.lastFingerprint = initialFingerprint;
        this.fingerprint = fingerprint;
        this.reload = reload;
    }

    void start() {
        try {
            watchService = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Agent folders cannot be watched (%s); rescanning every %s instead", e.getMessage(), interval);
        }
        registerAll();
        thread = Thread.ofPlatform().daemon().name("agent-catalog-watcher").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                if (nextChange()) {
                    lastFingerprint = reload.get();
                    registerAll();
                } else {
                    String now = fingerprint.get();
                    if (!now.equals(lastFingerprint)) {
                        lastFingerprint = reload.get();
                        registerAll();
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                // Keep watching: the next change may well be the fix.
                LOG.error("Reloading the agent catalog failed", e);
            }
        }
    }

    /** Waits up to the interval for an event; true once a burst of events has settled. */
    private boolean nextChange() throws InterruptedException {
        if (watchService == null) {
            Thread.sleep(interval.toMillis());
            return false;
        }
        WatchKey key = watchService.poll(interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        long deadline = System.nanoTime() + MAX_BURST.toNanos();
        while (key != null) {
            key.pollEvents();
            key.reset();
            if (System.nanoTime() > deadline) {
                break;
            }
            key = watchService.poll(debounce.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Watches every visible folder; new folders are picked up after each reload, vanished ones dropped. */
    private void registerAll() {
        if (watchService == null) {
            return;
        }
        keys.entrySet().removeIf(e -> !e.getValue().isValid());
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 16, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        if (!d.equals(dir) && CatalogLoader.hidden(d)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        register(d);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                LOG.debugf("Cannot watch %s: %s", dir, e.getMessage());
            }
        }
    }

    private void register(Path dir) {
        if (keys.containsKey(dir) && keys.get(dir).isValid()) {
            return;
        }
        try {
            keys.put(
                    dir,
                    dir.register(
                            watchService,
                            StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debugf("Cannot watch %s: %s", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service failed", e);
            }
        }
    }
}
