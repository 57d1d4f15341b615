package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.Lease;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A {@link JobRepository} in a map, with the same promises as the real one (see JobRepositoryContract). */
public class InMemoryJobRepository implements JobRepository {
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Job job) {
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new IllegalStateException("duplicate job id " + job.id());
        }
    }

    @Override
    public synchronized Optional<Job> findById(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<Job> list(Optional<JobStatus> status, int limit) {
        return jobs.values().stream()
                .filter(job -> status.map(s -> job.status() == s).orElse(true))
                .sorted(Comparator.comparing(Job::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Job> claimNext(String workerId, Instant now, Duration lease, int maxAttempts) {
        Optional<Job> next = jobs.values().stream()
                .filter(job -> job.status() == JobStatus.PENDING
                        || isActive(job) && job.lease() != null && job.lease().isExpiredAt(now)
                        && job.attempts() < maxAttempts)
                .min(Comparator.comparing(Job::createdAt));
        next.ifPresent(job -> jobs.put(job.id(), new Job(job.id(), job.videoId(), JobStatus.CLAIMED, job.progress(),
                "Claimed", job.createdAt(), now, job.startedAt(), null, null, null, job.attempts() + 1,
                new Lease(workerId, now, now.plus(lease)))));
        return next.map(job -> jobs.get(job.id()));
    }

    @Override
    public boolean renewLease(JobId id, String workerId, Instant now, Duration lease) {
        return updateHeld(id, workerId, job -> copy(job, job.status(), job.progress(), job.statusMessage(), now,
                job.startedAt(), null, null, null, job.attempts(),
                new Lease(workerId, job.lease().claimedAt(), now.plus(lease))));
    }

    @Override
    public boolean start(JobId id, String workerId, String message, Instant now) {
        return updateHeld(id, workerId, job -> copy(job, JobStatus.PROCESSING, 0, message, now, now, null, null, null,
                job.attempts(), job.lease()));
    }

    @Override
    public boolean updateProgress(JobId id, String workerId, int progress, String message, Instant now) {
        return updateHeld(id, workerId, job -> copy(job, job.status(), progress, message, now, job.startedAt(),
                null, null, null, job.attempts(), job.lease()));
    }

    @Override
    public boolean complete(JobId id, String workerId, JobResult result, Instant now) {
        return updateHeld(id, workerId, job -> copy(job, JobStatus.COMPLETED, 100, "Completed", now,
                job.startedAt(), now, result, null, job.attempts(), job.lease()));
    }

    @Override
    public boolean fail(JobId id, String workerId, String error, Instant now) {
        return updateHeld(id, workerId, job -> copy(job, JobStatus.FAILED, job.progress(), "Failed", now,
                job.startedAt(), now, null, error, job.attempts(), job.lease()));
    }

    @Override
    public boolean release(JobId id, String workerId, Instant now) {
        return updateHeld(id, workerId, job -> copy(job, JobStatus.PENDING, 0, "Queued", now, null, null, null,
                null, Math.max(0, job.attempts() - 1), null));
    }

    @Override
    public synchronized List<Job> failAbandoned(Instant now, int maxAttempts) {
        List<Job> abandoned = jobs.values().stream()
                .filter(job -> isActive(job) && job.lease() != null && job.lease().isExpiredAt(now)
                        && job.attempts() >= maxAttempts)
                .toList();
        abandoned.forEach(job -> jobs.put(job.id(), copy(job, JobStatus.FAILED, job.progress(), "Failed", now,
                job.startedAt(), now, null, JobRepository.abandonedError(maxAttempts), job.attempts(), job.lease())));
        return abandoned;
    }

    private synchronized boolean updateHeld(JobId id, String workerId, UnaryOperator<Job> change) {
        Job job = jobs.get(id);
        if (job == null || !isActive(job) || job.lease() == null || !job.lease().workerId().equals(workerId)) {
            return false;
        }
        jobs.put(id, change.apply(job));
        return true;
    }

    private static boolean isActive(Job job) {
        return job.status() == JobStatus.CLAIMED || job.status() == JobStatus.PROCESSING;
    }

    private static Job copy(Job job, JobStatus status, int progress, String message, Instant updatedAt,
            Instant startedAt, Instant completedAt, JobResult result, String error, int attempts, Lease lease) {
        return new Job(job.id(), job.videoId(), status, progress, message, job.createdAt(), updatedAt, startedAt,
                completedAt, result, error, attempts, lease);
    }
}
