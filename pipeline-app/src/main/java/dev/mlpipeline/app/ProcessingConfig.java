package dev.mlpipeline.app;

import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.service.FailurePolicy;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.SaveFrames;
import dev.mlpipeline.core.service.TrackingPolicy;
import dev.mlpipeline.video.io.VideoEncoding;
import java.time.Duration;

/**
 * How videos are processed: sampling, threshold, concurrency, encoding, and which model; and for the
 * frame records, how the GPS track is shifted against the video and whether frames without detections
 * are recorded in the {@code frames} collection; and whether each model category gets its own annotated
 * video ({@code CATEGORY_VIDEOS}).
 */
record ProcessingConfig(PipelineSettings pipeline, VideoEncoding encoding, InferenceConfig inference,
        Duration gpsOffset, boolean recordEmptyFrames, SaveFrames saveFrames, boolean categoryVideos) {

    static ProcessingConfig from(Environment env) {
        PipelineSettings pipeline = new PipelineSettings(
                env.integer("FRAME_INTERVAL", PipelineSettings.DEFAULT_FRAME_INTERVAL, 1, 1000),
                env.decimal("CONFIDENCE_THRESHOLD", PipelineSettings.DEFAULT_CONFIDENCE_THRESHOLD, 0, 1),
                env.integer("MAX_IN_FLIGHT", PipelineSettings.DEFAULT_MAX_IN_FLIGHT, 1, 64),
                PipelineSettings.DEFAULT_PROGRESS_EVERY,
                FailurePolicy.withMaxFailedRatio(
                        env.decimal("MAX_FAILED_FRAME_RATIO", FailurePolicy.DEFAULT_MAX_FAILED_RATIO, 0, 1)),
                new TrackingPolicy(env.decimal("TRACK_MIN_IOU", TrackingPolicy.DEFAULT_MIN_IOU, 0.01, 1),
                        env.integer("TRACK_MAX_GAP", TrackingPolicy.DEFAULT_MAX_GAP, 0, 1000)));
        int crf = env.integer("VIDEO_CRF", VideoEncoding.DEFAULT_CRF, 0, 51);
        String preset = env.string("VIDEO_PRESET", VideoEncoding.DEFAULT_PRESET);
        VideoEncoding encoding;
        try {
            encoding = new VideoEncoding(crf, preset);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid VIDEO_PRESET '" + preset + "': " + e.getMessage());
        }
        Duration gpsOffset =
                Duration.ofMillis(Math.round(env.decimal("GPS_OFFSET_SECONDS", 0, -86_400, 86_400) * 1000));
        String save = env.string("SAVE_FRAMES", "detections");
        SaveFrames saveFrames;
        try {
            saveFrames = SaveFrames.of(save);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid SAVE_FRAMES: " + e.getMessage());
        }
        InferenceConfig inference = InferenceConfig.from(env, pipeline.maxInFlight());
        if (env.get("FRAME_INTERVAL").isEmpty() && inference.fileFrameInterval().isPresent()) {
            // the endpoints file's frame_interval, as the main backend reads it, unless FRAME_INTERVAL says otherwise
            pipeline = new PipelineSettings(inference.fileFrameInterval().getAsInt(), pipeline.confidenceThreshold(),
                    pipeline.maxInFlight(), pipeline.progressEvery(), pipeline.failures(), pipeline.tracking());
        }
        return new ProcessingConfig(pipeline, encoding, inference, gpsOffset, env.flag("RECORD_EMPTY_FRAMES", true),
                saveFrames, env.flag("CATEGORY_VIDEOS", false));
    }

    /** The same settings with a local detector in place of whatever model was configured. */
    ProcessingConfig withDetector(String name) {
        return new ProcessingConfig(pipeline, encoding, inference.local(InferenceConfig.detector(name, "--detector")),
                gpsOffset, recordEmptyFrames, saveFrames, categoryVideos);
    }

    InferenceClient createInference() {
        return inference.create();
    }
}
