package dev.mlpipeline.core.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lets a polling loop sleep until its next poll, or until someone rings because there is work now
 * (a job created, a job ended) or because the loop should stop. A ring while nobody waits is kept for
 * the next wait, so that none is lost. Thread-safe; it holds no lock of its callers while it waits.
 */
final class Doorbell {
    private boolean rung;

    synchronized void ring() {
        rung = true;
        notifyAll();
    }

    /**
     * Waits until rung or until {@code interval} has passed, and takes the ring. False when the thread
     * was interrupted (its flag set again): the loop should end.
     */
    synchronized boolean await(Duration interval) {
        long deadline = System.nanoTime() + interval.toNanos();
        try {
            while (!rung) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            rung = false;
        }
    }
}
