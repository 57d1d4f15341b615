package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void startsAtFourOrTheCapWhicheverIsLess() {
        assertEquals(4, new InFlightLimit(32).limit());
        assertEquals(2, new InFlightLimit(2).limit());
        assertThrows(IllegalArgumentException.class, () -> new InFlightLimit(0));
    }

    @Test
    void growsByOnePerAnswerWhileTheEncoderWaitsWithEveryRequestRunning() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(32);
        fill(limit);

        limit.encoderWaits();
        assertEquals(5, limit.limit());
        send(limit);
        limit.encoderWaits();

        assertEquals(5, limit.limit(), "once per answer, however often the encoder waits");
        answer(limit, false);
        limit.encoderWaits();
        assertEquals(5, limit.limit(), "a free slot: the decoder, not the limit, is what the encoder waits on");
        send(limit);
        limit.encoderWaits();
        assertEquals(6, limit.limit());
        assertEquals(6, limit.highest());
    }

    @Test
    void doesNotGrowForRequestsQueuedBehindAClientThatTakesOneAtATime() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(32);
        for (int i = 0; i < 4; i++) {
            assertTrue(limit.acquire(() -> false));
        }
        limit.started(); // one runs, three wait for the client's one thread

        limit.encoderWaits();

        assertEquals(4, limit.limit());
    }

    @Test
    void neverPassesTheCap() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(5);
        for (int round = 0; round < 10; round++) {
            fill(limit);
            limit.encoderWaits();
            answer(limit, false);
        }
        assertEquals(5, limit.limit());
    }

    @Test
    void halvesWhenThrottledAndThenGrowsByOnePerLimitsWorthOfAnswers() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(32);
        for (int round = 0; round < 6; round++) {
            fill(limit);
            limit.encoderWaits();
            answer(limit, false);
        }
        assertEquals(10, limit.limit());
        answer(limit, true);
        assertEquals(5, limit.limit());

        int answersSinceThrottle = 0;
        while (limit.limit() == 5 && answersSinceThrottle < 20) {
            fill(limit);
            limit.encoderWaits();
            if (limit.limit() == 5) {
                answer(limit, false);
                answersSinceThrottle++;
            }
        }
        assertEquals(6, limit.limit());
        assertEquals(5, answersSinceThrottle, "one more after five answers at five");
    }

    @Test
    void aStoppedRunStopsWaitingForASlot() throws InterruptedException {
        InFlightLimit limit = new InFlightLimit(1);
        assertTrue(limit.acquire(() -> false));

        assertFalse(limit.acquire(() -> true));

        limit.abandoned();
        assertTrue(limit.acquire(() -> false), "an abandoned request gives its slot back");
    }

    private int sent;
    private int done;

    /** Sends and starts requests until every slot is taken. */
    private void fill(InFlightLimit limit) throws InterruptedException {
        while (sent - done < limit.limit()) {
            send(limit);
        }
    }

    private void send(InFlightLimit limit) throws InterruptedException {
        assertTrue(limit.acquire(() -> false));
        limit.started();
        sent++;
    }

    private void answer(InFlightLimit limit, boolean throttled) {
        limit.finished(throttled);
        done++;
    }
}
