package dev.mlpipeline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The most resident memory this process has held so far (Linux's VmHWM), for reports and the benchmark. */
final class PeakMemory {
    private PeakMemory() {
    }

    /** In MiB; -1 where the system does not say (not Linux). */
    static long mib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux
        }
        return -1;
    }
}
