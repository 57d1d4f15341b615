package dev.mlpipeline.app;

import java.net.InetAddress;
import java.util.Locale;
import java.util.UUID;

/** Names a worker so that an operator can tell from a job document which instance holds it. */
final class WorkerIds {
    private WorkerIds() {
    }

    static String next() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return (host + "-" + ProcessHandle.current().pid() + "-" + suffix).toLowerCase(Locale.ROOT);
    }
}
