package io.finbridge.mapping;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the mappings when a file under the mappings folder changes (profile dev). Changes are gathered for a short
 * quiet period so that an editor's save (several events) reloads once.
 */
public final class MappingWatcher implements Service, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(MappingWatcher.class);

    private final MappingRegistry registry;
    private final Duration quietPeriod;
    /** Its thread comes from Camel, named as its JMX thread pool (Hawtio lists it) and ended by the context's shutdown at the latest. */
    private CamelContext camelContext;
    private WatchService watch;
    private ExecutorService thread;

    public MappingWatcher(MappingRegistry registry, Duration quietPeriod) {
        this.registry = registry;
        this.quietPeriod = quietPeriod;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        try {
            watch = FileSystems.getDefault().newWatchService();
            registerAll(registry.root());
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot watch " + registry.root() + " for mapping changes: " + ex.getMessage(), ex);
        }
        thread = camelContext.getExecutorServiceManager().newSingleThreadExecutor("finbridge-mapping-watcher", "finbridge-mapping-watcher");
        thread.submit(this::loop);
        LOG.info("Mappings reload on change under {}", registry.root());
    }

    private void registerAll(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watch.take();
                boolean changed = drain(key);
                // gather the rest of a save before reloading once
                WatchKey more;
                while ((more = watch.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    changed |= drain(more);
                }
                if (changed) {
                    registerAll(registry.root());
                    registry.reload();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException ex) {
            Thread.currentThread().interrupt();
        } catch (IOException ex) {
            LOG.error("Mapping watcher stopped: {}", ex.getMessage());
        }
    }

    private static boolean drain(WatchKey key) {
        // any event counts, an overflow too: it means changes were missed
        boolean changed = !key.pollEvents().isEmpty();
        key.reset();
        return changed;
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            camelContext.getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException ex) {
                LOG.debug("Closing the mapping watcher: {}", ex.getMessage());
            }
            watch = null;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
