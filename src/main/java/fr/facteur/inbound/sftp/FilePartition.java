package fr.facteur.inbound.sftp;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The share of a tenant's folder one of its N pollers takes: the files whose name hashes to this poller, among those
 * the folder's filter lets through (stable, see {@link fr.facteur.platform.StableFileFilter}).
 *
 * <p>Why shares: Camel claims a file (eager idempotent add) while it lists the folder, for the whole poll's batch, so
 * N pollers of one folder would race for whole batches and all but one would idle. With disjoint shares each poller
 * lists, claims and sorts only its own files, in batches as large as a single poller's. A name always falls in the
 * same share, so no two pollers of an instance ever handle the same name: they can share the claim repository and
 * the local work directory. The hash depends only on the name and N, so instances configured alike agree on shares;
 * instances that do not are still kept apart by the claims.
 */
final class FilePartition implements GenericFileFilter<Object> {

    private final int index;
    private final int count;
    private final GenericFileFilter<Object> ready;

    /**
     * @param index this poller's share, 0 to count - 1
     * @param ready the folder's own filter, consulted for the files of this share only
     */
    FilePartition(int index, int count, GenericFileFilter<Object> ready) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("share " + index + " of " + count);
        }
        this.index = index;
        this.count = count;
        this.ready = ready;
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (!file.isDirectory() && of(file.getFileNameOnly(), count) != index) {
            return false;
        }
        return ready.accept(file);
    }

    /** The share of a file name among {@code count}; spread so that numbered names (INV0001, INV0002...) alternate. */
    static int of(String name, int count) {
        int h = name.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, count);
    }
}
