package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.TrackReader;
import dev.mlpipeline.core.port.VideoStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Places a job's frames on its video's GPS track, and says where their images and the video's thumbnail go
 * (the attempt's {@code frames/} folder): reads the track named by the video's
 * {@code gpx_file_url} and shifts it by {@code offset} (GPS_OFFSET_SECONDS). A track that is missing or
 * cannot be used never fails the job: its frames go without positions and the job's result says why.
 * Thread-safe.
 */
public final class TrackPlacement {
    private static final System.Logger LOG = System.getLogger(TrackPlacement.class.getName());

    private final TrackReader reader;
    private final Duration offset;
    private final FrameImageSink images;
    private final SaveFrames save;

    /**
     * Frames placed on tracks, and images saved of the frames that {@code save} picks.
     *
     * @param reader what reads a video's track
     * @param offset how far to shift each video against its track
     * @param images what saves the images
     * @param save which sampled frames get an image; the run's thumbnail is saved whatever it picks
     * @throws NullPointerException when an argument is null
     */
    public TrackPlacement(TrackReader reader, Duration offset, FrameImageSink images, SaveFrames save) {
        this.reader = Objects.requireNonNull(reader);
        this.offset = Objects.requireNonNull(offset);
        this.images = Objects.requireNonNull(images);
        this.save = Objects.requireNonNull(save);
    }

    /**
     * Frames placed on tracks, and no image saved, not even a thumbnail.
     *
     * @param reader what reads a video's track
     * @param offset how far to shift each video against its track
     * @throws NullPointerException when an argument is null
     */
    public TrackPlacement(TrackReader reader, Duration offset) {
        this.reader = Objects.requireNonNull(reader);
        this.offset = Objects.requireNonNull(offset);
        this.images = null;
        this.save = SaveFrames.NONE;
    }

    /**
     * The frame context of one attempt at the video, whose images go to {@code frames/} in the attempt's
     * {@code folder}; a sentence for each problem goes to {@code warnings}.
     *
     * @param video the video, whose survey fields name its track
     * @param attempt the attempt's token
     * @param storage where the track is read from, and which gives the images' URL
     * @param folder the attempt's folder
     * @param warnings where to add a sentence for each problem, such as a track that could not be used
     * @return the context: without a track when there is none or it could not be used, and without images
     *     when this placement saves none
     */
    public FrameContext contextFor(Video video, LeaseToken attempt, Storage storage, Path folder,
            List<String> warnings) {
        GpsTrack track = null;
        if (video.survey().gpxFileUrl() != null) {
            try (VideoStore.Input file = storage.open(video.survey().gpxFileUrl(), "gpx_file_url", "track file")) {
                track = reader.read(file.file());
            } catch (IOException | RuntimeException e) {
                String warning = "GPS track " + video.survey().gpxFileUrl() + " not used, frames have no location: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.log(Level.WARNING, "video " + video.id() + ": " + warning);
                warnings.add(warning);
            }
        }
        Path frames = folder.resolve("frames");
        return new FrameContext(video.id(), attempt, video.survey(), track, offset,
                images == null ? null : new FrameImages(images, save, frames, storage.urlOf(attempt, frames)));
    }
}
