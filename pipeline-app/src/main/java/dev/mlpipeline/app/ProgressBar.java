package dev.mlpipeline.app;

import dev.mlpipeline.core.service.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line progress bar on a terminal, redrawn in place; silent when output is not a terminal. */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** On standard error, when that is a terminal (also when the JSON on standard output is redirected). */
    static ProgressBar onTerminal() {
        return new ProgressBar(System.err, stderrIsTerminal());
    }

    private static boolean stderrIsTerminal() {
        try {
            // Linux names the terminal behind each descriptor; System.console() needs stdout to be one too
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    @Override
    public void progress(long done, long expected) {
        if (enabled) {
            out.print("\r" + line(done, expected));
            out.flush();
        }
    }

    void finish() {
        if (enabled) {
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
        }
    }

    static String line(long done, long expected) {
        if (expected <= 0) {
            return String.format(Locale.ROOT, "frame %d", done);
        }
        double share = Math.min(1, (double) done / expected);
        int filled = (int) Math.round(share * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%%  frame %d/%d", "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.round(share * 100), done, expected);
    }
}
