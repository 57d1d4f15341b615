package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.ObjectIds;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.domain.VideoId;
import java.time.Instant;
import java.util.Map;

/** Test data with sensible defaults: {@code aPendingJob().createdAt(t).build()}. */
public final class Builders {
    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    private Builders() {
    }

    public static JobBuilder aPendingJob() {
        return new JobBuilder();
    }

    public static VideoBuilder aVideo() {
        return new VideoBuilder();
    }

    public static VideoId aVideoId() {
        return VideoId.parse(ObjectIds.next(Instant.now()));
    }

    public static ProcessingStats someStats() {
        return new ProcessingStats(90, 30, Map.of("person", 12L, "car", 3L), 15, 3.0,
                "/data/uploads/annotated_clip.mp4", 30.0, 640, 360, 0,
                Map.of("decode", 0.4, "inference", 1.2, "encode", 0.9, "wall", 1.3));
    }

    /**
     * Builds a job as another program inserts it: pending by default, or, with {@link #status}, in any
     * status with no lease (as the origin's worker left its jobs).
     */
    public static final class JobBuilder {
        private JobId id = JobId.next(Instant.now());
        private VideoId videoId = aVideoId();
        private Instant createdAt = T0;
        private Instant updatedAt;
        private JobStatus status = JobStatus.PENDING;
        private int attempts;
        private Callback callback;

        public JobBuilder id(JobId value) {
            id = value;
            return this;
        }

        public JobBuilder forVideo(VideoId value) {
            videoId = value;
            return this;
        }

        public JobBuilder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public JobBuilder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public JobBuilder status(JobStatus value) {
            status = value;
            return this;
        }

        public JobBuilder attempts(int value) {
            attempts = value;
            return this;
        }

        public JobBuilder callback(String url) {
            callback = Callback.to(url);
            return this;
        }

        public Job build() {
            Job pending = Job.pending(id, videoId, createdAt);
            return new Job(id, videoId, status, 0, pending.statusMessage(), createdAt,
                    updatedAt == null ? createdAt : updatedAt, null, null, null, null, attempts, null, null, false)
                    .withCallback(callback);
        }
    }

    /** Builds a video as the main backend uploads it. */
    public static final class VideoBuilder {
        private VideoId id = aVideoId();
        private String storageUrl = "/uploads/clip.mp4";

        public VideoBuilder id(VideoId value) {
            id = value;
            return this;
        }

        public VideoBuilder withFile(String fileName) {
            storageUrl = Video.UPLOADS_PREFIX + fileName;
            return this;
        }

        public Video build() {
            return Video.uploaded(id, storageUrl);
        }
    }
}
