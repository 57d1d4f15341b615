package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Position;
import dev.mlpipeline.core.domain.Survey;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.VideoInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run knows about the video beyond its file, for the frame records: the job's video and
 * attempt (null outside a job), its survey fields, its GPS track (null when it has none or the track
 * could not be used) shifted by {@code gpsOffset}, and where its frame images go ({@code images}, null
 * for none). Immutable.
 *
 * @param videoId the job's video, or null outside a job
 * @param attempt the attempt running, or null outside a job
 * @param survey the video's survey fields, never null ({@link Survey#NONE} when none)
 * @param track the video's GPS track, or null when it has none or it could not be used
 * @param gpsOffset how far to shift the video against its track
 * @param images where the frame images go and which, or null for none
 */
public record FrameContext(VideoId videoId, LeaseToken attempt, Survey survey, GpsTrack track, Duration gpsOffset,
        FrameImages images) {
    /** A run with nothing known beyond the file: the {@code process} command without a track. */
    public static final FrameContext NONE = new FrameContext(null, null, Survey.NONE, null, Duration.ZERO);

    /**
     * Defaults the survey fields.
     *
     * @param videoId the job's video, or null
     * @param attempt the attempt running, or null
     * @param survey the survey fields, or null for {@link Survey#NONE}
     * @param track the GPS track, or null
     * @param gpsOffset the shift against the track, not null
     * @param images the frame images, or null for none
     * @throws NullPointerException when {@code gpsOffset} is null
     */
    public FrameContext {
        survey = survey == null ? Survey.NONE : survey;
        Objects.requireNonNull(gpsOffset, "gpsOffset");
    }

    /**
     * A run that saves no frame images.
     *
     * @param videoId the job's video, or null
     * @param attempt the attempt running, or null
     * @param survey the survey fields, or null for {@link Survey#NONE}
     * @param track the GPS track, or null
     * @param gpsOffset the shift against the track, not null
     * @throws NullPointerException when {@code gpsOffset} is null
     */
    public FrameContext(VideoId videoId, LeaseToken attempt, Survey survey, GpsTrack track, Duration gpsOffset) {
        this(videoId, attempt, survey, track, gpsOffset, null);
    }

    /**
     * Where the frame at {@code timestampMicros} was filmed; empty without a track or outside it.
     *
     * @param timestampMicros the frame's timestamp, in microseconds
     * @param info the video's info, whose creation time and duration place the frame on the track
     * @return the position, or empty
     */
    public Optional<Position> positionAt(long timestampMicros, VideoInfo info) {
        if (track == null) {
            return Optional.empty();
        }
        return track.positionAt(timestampMicros / 1_000_000.0, info.creationTime(), gpsOffset,
                info.durationSeconds());
    }
}
