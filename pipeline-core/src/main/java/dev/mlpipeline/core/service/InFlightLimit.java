package dev.mlpipeline.core.service;

/**
 * How many inference requests a run keeps in flight (sent, not yet answered), sized as it goes so that
 * nobody has to tune it: {@code MAX_IN_FLIGHT} is only the cap.
 *
 * <p>It grows by one each time the thread that encodes has to wait for an answer while every request
 * allowed is running (none queued behind a busy client): more would have kept the encoder fed. It grows
 * at most once per answer, so it doubles per round trip at first, as TCP's slow start does, and stops
 * growing once answers arrive before they are needed. When the model says it is throttled, the limit
 * halves, and from then on grows by one per limit's worth of answers (additive increase). A client
 * that takes one frame at a time still has requests queued behind the running one, so its limit
 * stays where it started. Thread-safe.
 */
final class InFlightLimit {
    /** Where a run starts: enough to hide a short round trip behind decoding from the first frames. */
    static final int INITIAL = 4;

    private final int cap;
    private int limit;
    // after a throttle, growth slows to one per limit's worth of answers
    private int slowFrom;
    private int inFlight;
    private int running;
    private long answers;
    private long grewAt = -1;
    private int highest;

    InFlightLimit(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the cap must be at least 1, got " + cap);
        }
        this.cap = cap;
        this.limit = Math.min(INITIAL, cap);
        this.slowFrom = cap;
        this.highest = limit;
    }

    /** Waits until another request may be sent; false when {@code stopped} said so before that. */
    synchronized boolean acquire(java.util.function.BooleanSupplier stopped) throws InterruptedException {
        while (inFlight >= limit) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            wait(50);
        }
        inFlight++;
        return true;
    }

    /** A request starts running (it may have waited for a thread of a client that takes one at a time). */
    synchronized void started() {
        running++;
    }

    /** A request ended: answered, failed, or {@code throttled} by the model. */
    synchronized void finished(boolean throttled) {
        inFlight--;
        running--;
        answers++;
        if (throttled) {
            limit = Math.max(1, limit / 2);
            slowFrom = limit;
            grewAt = answers; // the next step up waits for a limit's worth of answers from here
        }
        notifyAll();
    }

    /** A request was sent but never ran (the run stopped first). */
    synchronized void abandoned() {
        inFlight--;
        notifyAll();
    }

    /** The encoder waits for an answer: grows the limit if every request allowed is running. */
    synchronized void encoderWaits() {
        boolean saturated = inFlight >= limit && running >= inFlight;
        if (!saturated || limit >= cap || grewAt == answers) {
            return;
        }
        if (limit >= slowFrom && answers - grewAt < limit) {
            return;
        }
        limit++;
        grewAt = answers;
        highest = Math.max(highest, limit);
        notifyAll();
    }

    synchronized int limit() {
        return limit;
    }

    /** The highest the limit went in this run. */
    synchronized int highest() {
        return highest;
    }
}
