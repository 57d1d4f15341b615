package dev.mlpipeline.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** Waits for something that happens on another thread, failing with a message after a deadline. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("interrupted waiting for: " + what);
            }
        }
    }
}
