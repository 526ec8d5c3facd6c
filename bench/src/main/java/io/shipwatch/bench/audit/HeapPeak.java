package io.shipwatch.bench.audit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap use over a phase: the sum of the heap pools' peak usage since {@link #reset}
 * (garbage not yet collected included, so an upper bound of what was live), and the most heap
 * any collection left in use (what was really live).
 */
final class HeapPeak {
    private HeapPeak() {
    }

    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset, in MiB. */
    static double peakMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    /** Heap in use after the latest collection of each pool, summed, in MiB. */
    static double afterGcMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    static double maxMiB() {
        return Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0);
    }
}
