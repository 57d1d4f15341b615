package dev.mlpipeline.app;

import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.video.LocalDetectors;
import dev.mlpipeline.video.VideoEncoding;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** How videos are processed: sampling, threshold, concurrency, encoding and the local detector. */
record ProcessingConfig(PipelineSettings pipeline, VideoEncoding encoding, String localDetector) {
    static final List<String> DETECTORS = List.of("motion", "people", "faces", "plates");

    static ProcessingConfig from(Environment env) {
        PipelineSettings pipeline = new PipelineSettings(
                env.integer("FRAME_INTERVAL", PipelineSettings.DEFAULT_FRAME_INTERVAL, 1, 1000),
                env.decimal("CONFIDENCE_THRESHOLD", PipelineSettings.DEFAULT_CONFIDENCE_THRESHOLD, 0, 1),
                env.integer("MAX_IN_FLIGHT", PipelineSettings.DEFAULT_MAX_IN_FLIGHT, 1, 64),
                Duration.ofSeconds(1),
                env.decimal("MAX_FAILED_FRAME_RATIO", PipelineSettings.DEFAULT_MAX_FAILED_FRAME_RATIO, 0, 1));
        VideoEncoding encoding;
        int crf = env.integer("VIDEO_CRF", VideoEncoding.DEFAULT_CRF, 0, 51);
        String preset = env.get("VIDEO_PRESET").orElse(VideoEncoding.DEFAULT_PRESET);
        try {
            encoding = new VideoEncoding(crf, preset);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid VIDEO_PRESET '" + preset + "': " + e.getMessage());
        }
        String detector = detector(env.get("LOCAL_DETECTOR").orElse("motion"), "LOCAL_DETECTOR");
        return new ProcessingConfig(pipeline, encoding, detector);
    }

    /** A local detector's name, checked; {@code source} names where it came from for the message. */
    static String detector(String name, String source) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!DETECTORS.contains(lower)) {
            throw new ConfigException("Invalid " + source + " '" + name + "': use one of " + String.join(", ", DETECTORS));
        }
        return lower;
    }

    ProcessingConfig withDetector(String name) {
        return new ProcessingConfig(pipeline, encoding, name);
    }

    /** Builds the configured local detector (loads its model). */
    InferenceClient createDetector() {
        return LocalDetectors.create(localDetector);
    }
}
