package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EncoderTimelineTest {

    @Test
    void ntscRateGetsTheUsualMp4TimescaleAnd1001TicksAFrame() {
        EncoderTimeline timeline = EncoderTimeline.forFrameRate(30000 / 1001.0);

        assertEquals("30000/1001", timeline.frameRate());
        assertEquals(30000, timeline.tickRate());
        assertEquals(1001, timeline.ticksPerFrame());
        assertEquals(0, timeline.ptsOf(0));
        assertEquals(1001, timeline.ptsOf(33_367));
        assertEquals(2002, timeline.ptsOf(66_733));
    }

    @Test
    void integerRateGetsTenThousandTicksASecond() {
        EncoderTimeline timeline = EncoderTimeline.forFrameRate(25);

        assertEquals("25/1", timeline.frameRate());
        assertEquals(10_000, timeline.tickRate());
        assertEquals(400, timeline.ticksPerFrame());
    }

    @Test
    void keepsTimestampsBetweenFrameSlotsToATenthOfAMillisecond() {
        EncoderTimeline timeline = EncoderTimeline.forFrameRate(25);

        assertEquals(0, timeline.ptsOf(0));
        assertEquals(200, timeline.ptsOf(20_000), "20 ms, half a nominal frame, is not rounded onto the grid");
        assertEquals(801, timeline.ptsOf(80_100));
    }

    @Test
    void ticksOnlyEverIncreaseSoNoFrameIsDropped() {
        EncoderTimeline timeline = EncoderTimeline.forFrameRate(25);

        assertEquals(400, timeline.ptsOf(40_000));
        assertEquals(401, timeline.ptsOf(40_000), "same time: one tick later");
        assertEquals(402, timeline.ptsOf(10_000), "back in time: one tick later");
        assertEquals(800, timeline.ptsOf(80_000));
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> EncoderTimeline.forFrameRate(0));
        assertThrows(IllegalArgumentException.class, () -> EncoderTimeline.forFrameRate(Double.NaN));
    }
}
