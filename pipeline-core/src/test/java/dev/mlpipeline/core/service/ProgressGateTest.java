package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressGateTest {
    private final List<Long> heard = new ArrayList<>();

    @Test
    void passesNothingOnBeforeTheIntervalHasPassed() {
        ProgressGate gate = new ProgressGate(Duration.ofHours(1), 100, (done, expected) -> heard.add(done));

        for (long frame = 1; frame <= 1000; frame++) {
            gate.framesDone(frame);
        }

        assertEquals(List.of(), heard);
    }

    @Test
    void passesProgressOnOncePerInterval() {
        AtomicLong now = new AtomicLong();
        ProgressGate gate = new ProgressGate(Duration.ofSeconds(1), 100, (done, expected) -> heard.add(done), now::get);

        gate.framesDone(1);
        now.addAndGet(999_000_000);
        gate.framesDone(2);
        now.addAndGet(1_000_000);
        gate.framesDone(3);
        gate.framesDone(4);
        now.addAndGet(2_500_000_000L);
        gate.framesDone(5);

        assertEquals(List.of(3L, 5L), heard);
    }
}
