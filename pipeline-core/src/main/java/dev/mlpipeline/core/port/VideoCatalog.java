package dev.mlpipeline.core.port;

import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The main backend's videos, which the pipeline reads and annotates with its progress. Thread-safe.
 * Every write is fenced: an attempt first takes the video ({@link #markProcessing}, which records its
 * {@link LeaseToken} on it), and its later writes apply only while the video still records that token,
 * so a late write of an attempt that lost its job never replaces what a newer one wrote. A write that
 * does not apply (also for a video that does not exist) returns false and changes nothing. Throws
 * {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface VideoCatalog {

    /**
     * The video with this id, as stored.
     *
     * @param id the video's id
     * @return the video, or empty when there is none
     */
    Optional<Video> find(VideoId id);

    /**
     * Up to {@code limit} videos whose status is {@code processing} and that record the attempt that
     * took them: what to check against the jobs when a worker died between finishing a job and
     * updating its video.
     *
     * @param limit the most videos to give
     * @return the videos; empty when there are none
     */
    List<Video> listProcessing(int limit);

    /**
     * Takes the video for {@code attempt}: status {@code processing}, progress 0, the token recorded;
     * only while the video still records {@code expected} (null: no attempt has taken it yet), so that
     * taking it is a compare-and-set.
     *
     * @param id the video's id
     * @param expected the attempt the video should still record, or null for none
     * @param attempt the attempt taking it
     * @param message the status message
     * @param now the time of the write
     * @return true when the video was taken
     */
    boolean markProcessing(VideoId id, LeaseToken expected, LeaseToken attempt, String message, Instant now);

    /**
     * Progress of the attempt while the video is processing; {@code eta} is how long the rest should take
     * (null while that cannot be told yet).
     *
     * @param id the video's id
     * @param attempt the attempt writing, which must be the one the video records
     * @param progress how far the attempt got, 0 to 100
     * @param message the status message
     * @param eta how long the rest should take, or null
     * @param now the time of the write
     * @return true when the write applied
     */
    boolean updateProgress(VideoId id, LeaseToken attempt, int progress, String message, Duration eta, Instant now);

    /**
     * Status {@code completed}, progress 100, with the job's result: where the annotated video and the
     * frame records are, and the summary of what was found that the main backend reads.
     *
     * @param id the video's id
     * @param attempt the attempt writing, which must be the one the video records
     * @param result the job's result
     * @param now the time of the write
     * @return true when the write applied
     */
    boolean markCompleted(VideoId id, LeaseToken attempt, JobResult result, Instant now);

    /**
     * Status {@code error} with the reason in {@code error_message}.
     *
     * @param id the video's id
     * @param attempt the attempt writing, which must be the one the video records
     * @param message the reason, for a person to read
     * @param now the time of the write
     * @return true when the write applied
     */
    boolean markError(VideoId id, LeaseToken attempt, String message, Instant now);

    /**
     * Status {@code cancelled} for a job cancelled on request, while the video is still
     * {@code processing} for {@code attempt}: its progress and its time left are removed.
     *
     * @param id the video's id
     * @param attempt the attempt of the cancelled job that the video records
     * @param now the time of the write
     * @return true when the write applied
     */
    boolean markCancelled(VideoId id, LeaseToken attempt, Instant now);

    /**
     * Status {@code error} for a job the queue gave up on, while the video records any attempt of that
     * job; no attempt's write applies after it.
     *
     * @param id the video's id
     * @param job the abandoned job, whose attempt the video must record
     * @param message the reason, for a person to read
     * @param now the time of the write
     * @return true when the write applied
     */
    boolean markAbandoned(VideoId id, JobId job, String message, Instant now);
}
