package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avutil.av_d2q;

import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Maps frame timestamps to encoder ticks. JavaCV derives the encoder's time base from the frame rate
 * (1/fps), which would snap every timestamp to the nominal frame grid: a variable-rate phone clip
 * would be flattened and drift away from its audio. So the recorder is given a whole number of ticks
 * per second ({@link #tickRate()}, at least 10,000, a multiple of the rate's numerator: 30,000 for
 * 30000/1001, 10,000 for 25) and each frame a whole number of ticks ({@link #ticksPerFrame()}: 1001
 * and 400), while libx264 is told the real rate separately.
 *
 * <p>A time base of exactly 1/tickRate with tickRate of 10,000 or more is also what the MP4 muxer
 * keeps as its track timescale, so frame durations need no rescaling on their way into the file.
 */
final class EncoderTimeline {
    private static final int MIN_TICK_RATE = 10_000;
    // av_d2q's bound, the one JavaCV uses as well
    private static final int MAX_RATIONAL_PART = 1_001_000;

    private final int fpsNum;
    private final int fpsDen;
    private final int tickRate;
    private final long ticksPerFrame;
    private long lastPts = Long.MIN_VALUE;

    private EncoderTimeline(int fpsNum, int fpsDen, int tickRate, long ticksPerFrame) {
        this.fpsNum = fpsNum;
        this.fpsDen = fpsDen;
        this.tickRate = tickRate;
        this.ticksPerFrame = ticksPerFrame;
    }

    static EncoderTimeline forFrameRate(double fps) {
        if (!(fps > 0) || !Double.isFinite(fps)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + fps);
        }
        int num;
        int den;
        try (AVRational rate = av_d2q(fps, MAX_RATIONAL_PART)) {
            num = rate.num();
            den = rate.den();
        }
        int multiple = Math.max(1, (MIN_TICK_RATE + num - 1) / num);
        // num * multiple ticks a second and den * multiple ticks a frame: exactly num/den frames a second
        return new EncoderTimeline(num, den, num * multiple, (long) den * multiple);
    }

    /** The exact frame rate as x264 takes it: "30000/1001". */
    String frameRate() {
        return fpsNum + "/" + fpsDen;
    }

    int tickRate() {
        return tickRate;
    }

    long ticksPerFrame() {
        return ticksPerFrame;
    }

    /**
     * The tick of a frame shown at {@code timestampMicros}. Ticks only ever increase: a frame whose
     * time rounds onto its predecessor's (or goes back) is placed one tick later, because the muxer
     * rejects such a frame and dropping it would change the frame count.
     */
    long ptsOf(long timestampMicros) {
        long pts = Math.round(timestampMicros * (double) tickRate / 1_000_000.0);
        if (lastPts != Long.MIN_VALUE && pts <= lastPts) {
            pts = lastPts + 1;
        }
        lastPts = pts;
        return pts;
    }
}
