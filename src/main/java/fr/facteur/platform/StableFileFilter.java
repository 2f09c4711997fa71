package fr.facteur.platform;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Takes a remote file only once it has stood still: its size and date must be the same in two listings at least
 * {@code stableFor} apart. This is the "changed" read lock judged across polls, from the listing alone.
 *
 * <p>Why not Camel's {@code readLock=changed}: it judges each file on its own, sleeping one check interval per file
 * inside the poll, so a supplier's batch of 500 files took more than 500 seconds; and the idempotent-* read locks
 * that would judge across polls are not implemented by the SFTP consumer (Camel 4.17). Here a whole batch that has
 * stood still is taken in one poll, and a file still being written (its size or date moves between listings) waits.
 *
 * <p>One instance per polled folder. Memory is bounded by the folder's content: a name not listed for
 * {@link #FORGET_AFTER} is forgotten.
 */
public final class StableFileFilter implements GenericFileFilter<Object> {

    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private record Seen(long size, long modified, long firstSeenNanos, long lastSeenNanos) {
    }

    private final long stableForNanos;
    private final LongSupplier clock;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile long lastPruneNanos;

    public StableFileFilter(Duration stableFor) {
        this(stableFor, System::nanoTime);
    }

    StableFileFilter(Duration stableFor, LongSupplier clock) {
        this.stableForNanos = stableFor.toNanos();
        this.clock = clock;
        this.lastPruneNanos = clock.getAsLong();
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return true;
        }
        long now = clock.getAsLong();
        prune(now);
        String name = file.getAbsoluteFilePath();
        Seen before = seen.get(name);
        if (before == null || before.size() != file.getFileLength() || before.modified() != file.getLastModified()) {
            seen.put(name, new Seen(file.getFileLength(), file.getLastModified(), now, now));
            return false;
        }
        seen.put(name, new Seen(before.size(), before.modified(), before.firstSeenNanos(), now));
        return now - before.firstSeenNanos() >= stableForNanos;
    }

    /** How many files are being watched: for tests, and to show the memory stays bounded. */
    int watched() {
        return seen.size();
    }

    private void prune(long now) {
        long forgetNanos = FORGET_AFTER.toNanos();
        if (now - lastPruneNanos < forgetNanos / 10) {
            return;
        }
        lastPruneNanos = now;
        for (Iterator<Seen> entries = seen.values().iterator(); entries.hasNext(); ) {
            if (now - entries.next().lastSeenNanos() > forgetNanos) {
                entries.remove();
            }
        }
    }
}
