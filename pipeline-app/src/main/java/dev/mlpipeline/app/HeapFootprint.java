package dev.mlpipeline.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * Keeps the JVM's heap near what the pipeline holds, so that resident memory stays flat over a long
 * video. Frames are recycled (FrameSource.Stream#recycle), so a run holds some 35 MB of live objects;
 * yet G1 left alone commits a quarter of a gigabyte and, as young collections move through all of it
 * over the minutes, the process's resident size climbs with the video's length (570 MiB for 10 minutes
 * of 720p against 363 MiB for 30 seconds, measured). A collection at least every few seconds and tighter
 * free-space ratios let G1 give back what it does not need (at most 30% free after a collection): the
 * same 10 minutes then peak at about the 30 seconds' size, at no cost in time. These three flags are the
 * JVM's "manageable" ones, made to be set at run time; one set on the command line is left as it is.
 */
final class HeapFootprint {
    private static final System.Logger LOG = System.getLogger(HeapFootprint.class.getName());

    private HeapFootprint() {
    }

    static void keepSmall() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // the minimum first: the JVM refuses a maximum under the current minimum
        setUnlessGiven(vm, "MinHeapFreeRatio", "10");
        setUnlessGiven(vm, "MaxHeapFreeRatio", "30");
        // G1 only: another collector has no such flag, and then nothing changes
        setUnlessGiven(vm, "G1PeriodicGCInterval", "5000");
    }

    private static void setUnlessGiven(HotSpotDiagnosticMXBean vm, String flag, String value) {
        try {
            if (vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT) {
                vm.setVMOption(flag, value);
            }
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "JVM flag " + flag + " left as it is: " + e.getMessage());
        }
    }
}
