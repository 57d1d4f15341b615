package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobOverride;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.JobTransition;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.JobRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
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
    // where the delivery of each job's current end stands, as the store keeps it beside the job
    private final Map<JobId, CallbackState> callbacks = new HashMap<>();
    private int claims;

    private record CallbackState(int tries, Instant nextAt, String claim, Instant claimedUntil, boolean settled) {
    }

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
        if (change.changes().unsets().contains(JobField.CALLBACK_STATE)) {
            callbacks.remove(job.id());
        }
        return Optional.of(new Overridden(changed, true, Optional.empty()));
    }

    @Override
    public synchronized Optional<DueCallback> claimCallback(Instant now, Duration lease) {
        Optional<Job> due = jobs.values().stream()
                .filter(job -> job.callback() != null && job.status().isTerminal() && job.completedAt() != null)
                .filter(job -> isDue(callbacks.get(job.id()), now))
                .min(Comparator.comparing(Job::completedAt));
        if (due.isEmpty()) {
            return Optional.empty();
        }
        CallbackState was = callbacks.get(due.get().id());
        int tries = (was == null ? 0 : was.tries()) + 1;
        String claim = "claim-" + ++claims;
        callbacks.put(due.get().id(), new CallbackState(tries, was == null ? null : was.nextAt(), claim,
                now.plus(lease), false));
        return Optional.of(new DueCallback(due.get(), claim, tries));
    }

    private static boolean isDue(CallbackState state, Instant now) {
        return state == null || !state.settled() && (state.nextAt() == null || !state.nextAt().isAfter(now))
                && (state.claimedUntil() == null || state.claimedUntil().isBefore(now));
    }

    @Override
    public synchronized boolean recordCallback(DueCallback due, CallbackDelivery delivery, Instant retryAt) {
        Job job = jobs.get(due.job().id());
        if (job == null || job.callback() == null) {
            return false;
        }
        jobs.put(job.id(), job.withCallback(job.callback().with(delivery)));
        CallbackState state = callbacks.get(job.id());
        if (state == null || !due.claim().equals(state.claim())) {
            return false;
        }
        callbacks.put(job.id(), new CallbackState(state.tries(), retryAt, null, null, retryAt == null));
        return true;
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
