package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobOverride;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link JobRepository} in a map, with the same promises as the real one (see JobRepositoryContract):
 * every change is {@link JobLifecycle}'s, applied under one lock.
 */
public class InMemoryJobRepository implements JobRepository {
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Job job) {
        if (job.holdsVideo() && holder(job.videoId()).isPresent()) {
            throw new IllegalStateException("video " + job.videoId() + " is already held");
        }
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new IllegalStateException("duplicate job id " + job.id());
        }
    }

    @Override
    public synchronized Submission submit(Job job) {
        Optional<Job> open = jobs.values().stream()
                .filter(other -> other.videoId().equals(job.videoId()) && JobLifecycle.OPEN.contains(other.status()))
                .min(Comparator.comparing(Job::createdAt));
        if (open.isPresent()) {
            return new Submission(open.get(), false);
        }
        Job holding = job.holdingVideo();
        insert(holding);
        return new Submission(holding, true);
    }

    @Override
    public synchronized Optional<Job> findById(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<Job> list(Optional<JobStatus> status, int limit) {
        return jobs.values().stream()
                .filter(job -> status.map(s -> job.status().equals(s)).orElse(true))
                .sorted(Comparator.comparing(Job::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Map<JobStatus, Long> countByStatus() {
        return jobs.values().stream().collect(Collectors.groupingBy(Job::status, Collectors.counting()));
    }

    @Override
    public synchronized Optional<Job> claimNext(String workerId, Instant now, QueueRules rules) {
        Optional<Job> next = jobs.values().stream()
                .filter(job -> rules.isClaimable(job, now))
                .filter(job -> holder(job.videoId()).map(h -> h.id().equals(job.id())).orElse(true))
                .min(Comparator.comparing(Job::createdAt));
        next.ifPresent(job -> jobs.put(job.id(), JobLifecycle.claim(workerId, now, rules.lease()).applyTo(job)));
        return next.map(job -> jobs.get(job.id()));
    }

    @Override
    public synchronized boolean apply(JobTransition transition) {
        Job job = jobs.get(transition.jobId());
        if (job == null || !transition.appliesTo(job)) {
            return false;
        }
        jobs.put(job.id(), transition.changes().applyTo(job));
        return true;
    }

    @Override
    public synchronized Optional<Overridden> override(JobOverride change) {
        Job job = jobs.get(change.jobId());
        if (job == null) {
            return Optional.empty();
        }
        if (!change.appliesTo(job)) {
            return Optional.of(new Overridden(job, false, Optional.empty()));
        }
        Optional<Job> holder = holder(job.videoId())
                .filter(other -> !other.id().equals(job.id()) && JobLifecycle.OPEN.contains(other.status()));
        if (change.holdsVideo() && holder.isPresent()) {
            return Optional.of(new Overridden(job, false, Optional.of(holder.get().id())));
        }
        Job changed = change.changes().applyTo(job);
        jobs.put(job.id(), changed);
        return Optional.of(new Overridden(changed, true, Optional.empty()));
    }

    @Override
    public synchronized List<Job> failAbandoned(Instant now, QueueRules rules) {
        List<Job> abandoned = jobs.values().stream().filter(job -> rules.isAbandoned(job, now)).toList();
        abandoned.forEach(job -> jobs.put(job.id(), JobLifecycle.abandon(rules.maxAttempts(), now).applyTo(job)));
        return abandoned;
    }

    private Optional<Job> holder(VideoId video) {
        return jobs.values().stream().filter(job -> job.holdsVideo() && job.videoId().equals(video)).findFirst();
    }
}
