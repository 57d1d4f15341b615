package dev.mlpipeline.core.service;

import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Compares what was decoded with what the container declares, so that a file whose upload was cut off
 * is not passed off as a complete, shorter video. Within a small tolerance (containers round, and
 * their last frame's duration varies) nothing is said; beyond it the run completes with a warning; a
 * file of which less than half could be decoded fails.
 */
final class Completeness {
    static final double MIN_DECODED_SHARE = 0.5;
    static final double TOLERANCE_SECONDS = 0.5;
    static final double TOLERANCE_SHARE = 0.01;

    private Completeness() {
    }

    /** The warnings for a run that decoded {@code decodedSeconds}; throws when most of the video is missing. */
    static List<String> check(VideoInfo info, double decodedSeconds, Path input) throws VideoFormatException {
        double declared = declaredSeconds(info);
        double missing = declared - decodedSeconds;
        if (declared <= 0 || missing <= Math.max(TOLERANCE_SECONDS, TOLERANCE_SHARE * declared)) {
            return List.of();
        }
        double share = decodedSeconds / declared;
        if (share < MIN_DECODED_SHARE) {
            throw new VideoFormatException(String.format(Locale.ROOT, "only %.1f s of the %.1f s that %s declares could"
                    + " be decoded (%.0f%%): the file is cut short or damaged", decodedSeconds, declared,
                    input.getFileName(), share * 100), null);
        }
        return List.of(String.format(Locale.ROOT, "the video ends early: %.1f s of the %.1f s that %s declares were"
                + " decoded, %.1f s (%.0f%%) missing; the file may have been cut short", decodedSeconds, declared,
                input.getFileName(), missing, (1 - share) * 100));
    }

    private static double declaredSeconds(VideoInfo info) {
        if (info.durationSeconds() > 0) {
            return info.durationSeconds();
        }
        return info.fps() > 0 && info.frameCountHint() > 0 ? info.frameCountHint() / info.fps() : 0;
    }
}
