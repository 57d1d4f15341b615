package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.TrackReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Places a job's frames on its video's GPS track: reads the track named by the video's
 * {@code gpx_file_url} and shifts it by {@code offset} (GPS_OFFSET_SECONDS). A track that is missing or
 * cannot be used never fails the job: its frames go without positions and the job's result says why.
 * Thread-safe.
 */
public final class TrackPlacement {
    private static final System.Logger LOG = System.getLogger(TrackPlacement.class.getName());

    private final TrackReader reader;
    private final Duration offset;

    public TrackPlacement(TrackReader reader, Duration offset) {
        this.reader = Objects.requireNonNull(reader);
        this.offset = Objects.requireNonNull(offset);
    }

    /** The frame context of one attempt at the video; a sentence for each problem goes to {@code warnings}. */
    public FrameContext contextFor(Video video, LeaseToken attempt, UploadFolder uploads, List<String> warnings) {
        GpsTrack track = null;
        if (video.survey().gpxFileUrl() != null) {
            try {
                track = reader.read(uploads.resolveTrack(video));
            } catch (IOException | RuntimeException e) {
                String warning = "GPS track " + video.survey().gpxFileUrl() + " not used, frames have no location: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.log(Level.WARNING, "video " + video.id() + ": " + warning);
                warnings.add(warning);
            }
        }
        return new FrameContext(video.id(), attempt, video.survey(), track, offset);
    }
}
