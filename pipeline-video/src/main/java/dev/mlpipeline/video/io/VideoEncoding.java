package dev.mlpipeline.video.io;

import java.util.List;
import java.util.Objects;

/**
 * How annotated videos are encoded with libx264: a constant rate factor (0 lossless, 51 worst; 23 is
 * x264's own default) and a speed preset. Both are always passed explicitly, so output quality never
 * falls back to FFmpeg's 400 kb/s default bit rate.
 */
public record VideoEncoding(int crf, String preset) {
    public static final int DEFAULT_CRF = 23;
    public static final String DEFAULT_PRESET = "veryfast";

    /** x264's preset names, fastest first. */
    public static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
            "medium", "slow", "slower", "veryslow", "placebo");

    public VideoEncoding {
        Objects.requireNonNull(preset, "preset");
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("CRF must be between 0 and 51, got " + crf);
        }
        if (!PRESETS.contains(preset)) {
            throw new IllegalArgumentException("unknown x264 preset '" + preset + "', expected one of " + PRESETS);
        }
    }

    /** CRF 23, preset veryfast. */
    public static VideoEncoding defaults() {
        return new VideoEncoding(DEFAULT_CRF, DEFAULT_PRESET);
    }
}
