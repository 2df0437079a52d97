package io.finbridge.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;

/**
 * The JVM's memory bounds, said once at start: without them the heap grows to a quarter of the machine's memory and
 * metaspace without limit, and a process that served a burst keeps what it took (docs/deployment.md, "Memory").
 */
public final class JvmMemory {

    private JvmMemory() {
    }

    /** Logs the bounds in force, and a warning naming the flags when the heap was left to the JVM's default. */
    public static void describe(Logger log) {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        String metaspace = option("MaxMetaspaceSize");
        String shown = metaspace == null || metaspace.length() > 15 ? "unbounded" : (Long.parseLong(metaspace) >> 20) + " MB";
        log.info("JVM memory: heap up to {} MB, metaspace {}", heapMb, shown);
        if (!sizedHeap(args)) {
            log.warn("The JVM's heap was not sized (-Xmx, -XX:MaxRAMPercentage): it may grow to {} MB, a quarter of this "
                    + "machine. Start with -Xmx512m -XX:MaxMetaspaceSize=256m (docs/deployment.md, \"Memory\")", heapMb);
        }
    }

    static boolean sizedHeap(List<String> args) {
        return args.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAMPercentage")
                || a.startsWith("-XX:MaxRAM=") || a.startsWith("-XX:MaxHeapSize"));
    }

    private static String option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
