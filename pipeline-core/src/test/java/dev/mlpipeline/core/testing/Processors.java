package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.TrackFormatException;
import dev.mlpipeline.core.port.TrackReader;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.service.Janitor;
import dev.mlpipeline.core.service.JobProcessor;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.TrackPlacement;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.core.service.VideoAnnotator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The standard {@link JobProcessor} over the fakes: files in {@code uploads}, frames from
 * {@code source}, and a model that finds nothing, for tests of what surrounds processing (the worker,
 * the API). A job whose video file is not in {@code uploads} fails with "video file not found".
 */
public final class Processors {
    private Processors() {
    }

    public static JobProcessor over(VideoCatalog videos, JobRepository jobs, Clock clock, Path uploads,
            FrameSource source, Duration lease) {
        VideoAnnotator annotator = new VideoAnnotator(source, FakeInferenceClient.always(List.<Detection>of()),
                new RecordingVideoSink(), new RecordingDetectionsSink(), PipelineSettings.defaults());
        UploadFolder folder = new UploadFolder(uploads);
        return new JobProcessor(videos, clock, folder, annotator, new Janitor(folder, jobs, videos, clock, lease),
                new TrackPlacement(NO_TRACKS, Duration.ZERO));
    }

    /** A track reader for tests that have no track: any video's track "cannot be read". */
    public static final TrackReader NO_TRACKS = file -> {
        throw new TrackFormatException("tracks are not read in this test", null);
    };

    /** A processor whose upload folder holds no files: every job that finds its video fails on the file. */
    public static JobProcessor withoutFiles(VideoCatalog videos, JobRepository jobs, Clock clock, Path uploads) {
        return over(videos, jobs, clock, uploads, new ListFrameSource(Frames.info(3), Frames.frames(3)),
                Duration.ofMinutes(1));
    }
}
