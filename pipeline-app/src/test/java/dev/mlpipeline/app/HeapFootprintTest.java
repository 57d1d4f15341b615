package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapFootprintTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void tightensTheFreeRatiosAndCollectsEveryFewSecondsUnlessTheCommandLineSaidOtherwise() {
        HeapFootprint.keepSmall();

        // the test JVM is started without these flags, so each was the JVM's default and is now set
        assertEquals("10", vm.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals("30", vm.getVMOption("MaxHeapFreeRatio").getValue());
        if (ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1"))) {
            assertEquals("5000", vm.getVMOption("G1PeriodicGCInterval").getValue());
        }

        vm.setVMOption("MaxHeapFreeRatio", "50");
        HeapFootprint.keepSmall();

        assertEquals("50", vm.getVMOption("MaxHeapFreeRatio").getValue(), "a value set otherwise stays");
    }
}
