package dev.mlpipeline.core.service;

import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Callback;
import dev.mlpipeline.core.domain.CallbackDelivery;
import dev.mlpipeline.core.domain.InvalidInputException;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.port.CallbackSender;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.Builders;
import dev.mlpipeline.core.testing.FakeClock;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackDispatcherTest {
    private static final String HOOK = "https://receiver.example/hooks/jobs";
    private static final CallbackSettings SETTINGS = new CallbackSettings(Duration.ofHours(1), Duration.ofSeconds(30),
            4, Duration.ofSeconds(10));

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final FakeClock clock = new FakeClock();
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<Object> answers = new ArrayBlockingQueue<>(10);
    private final CallbackSender sender = (job, event, deliveryId) -> {
        sent.add(job.id().hex() + " " + event + " " + deliveryId);
        Object answer = answers.poll();
        if (answer instanceof IOException e) {
            throw e;
        }
        return answer == null ? 200 : (Integer) answer;
    };
    private final CallbackDispatcher dispatcher = new CallbackDispatcher(jobs, sender, clock, SETTINGS);

    /** A job with a callback that failed (its worker gave up on it) just now. */
    private Job failedJob() {
        Job job = aPendingJob().createdAt(clock.now()).callback(HOOK).build();
        jobs.insert(job);
        Job claimed = jobs.claimNext("w1", clock.now(), QueueRules.defaults()).orElseThrow();
        jobs.apply(JobLifecycle.fail(claimed.token(), "model down", clock.now()));
        return jobs.findById(job.id()).orElseThrow();
    }

    private List<CallbackDelivery> deliveries(Job job) {
        return jobs.findById(job.id()).orElseThrow().callback().deliveries();
    }

    @Test
    void anEndIsPostedOnceWithItsEventAndAnIdThatNamesTheEnd() {
        Job job = failedJob();

        assertTrue(dispatcher.deliverNext());
        assertFalse(dispatcher.deliverNext(), "delivered: not sent again");

        String id = job.id().hex() + "-" + job.completedAt().toEpochMilli();
        assertEquals(List.of(job.id().hex() + " job.failed " + id), sent);
        CallbackDelivery delivery = deliveries(job).get(0);
        assertEquals(1, delivery.attempt());
        assertEquals(200, delivery.statusCode());
        assertNull(delivery.error());
        assertTrue(delivery.delivered());
    }

    @Test
    void aFailedPostIsTriedAgainWithGrowingWaitsAndEveryTryIsRecorded() {
        Job job = failedJob();
        answers.add(503);
        answers.add(new ConnectException("Connection refused"));

        assertTrue(dispatcher.deliverNext());
        clock.advance(Duration.ofSeconds(9));
        assertFalse(dispatcher.deliverNext(), "not before 10 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(dispatcher.deliverNext());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(dispatcher.deliverNext(), "then not before 30 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(dispatcher.deliverNext());
        assertFalse(dispatcher.deliverNext());

        List<CallbackDelivery> tries = deliveries(job);
        assertEquals(List.of(1, 2, 3), tries.stream().map(CallbackDelivery::attempt).toList());
        assertEquals(List.of(503, 0, 200), tries.stream().map(CallbackDelivery::statusCode).toList());
        assertEquals("HTTP 503", tries.get(0).error());
        assertEquals("Connection refused", tries.get(1).error());
        assertEquals(1, sent.stream().distinct().count(), "the same event and id on every try: " + sent);
    }

    @Test
    void afterItsLastTryAnEndIsGivenUp() {
        Job job = failedJob();
        for (int i = 0; i < SETTINGS.maxAttempts(); i++) {
            answers.add(500);
        }

        for (int i = 0; i < SETTINGS.maxAttempts(); i++) {
            assertTrue(dispatcher.deliverNext(), "try " + (i + 1));
            clock.advance(CallbackSettings.LONGEST_RETRY);
        }

        assertFalse(dispatcher.deliverNext());
        assertEquals(SETTINGS.maxAttempts(), deliveries(job).size());
    }

    @Test
    void aJobWithoutACallbackOrNotEndedIsNotPosted() {
        jobs.insert(aPendingJob().callback(HOOK).build());
        Job ended = aPendingJob().build();
        jobs.insert(ended);
        jobs.override(JobLifecycle.cancel(ended.id(), clock.now()));

        assertFalse(dispatcher.deliverNext());
        assertEquals(List.of(), sent);
    }

    @Test
    void aCompletedAndACancelledJobAreToldAsSuch() {
        Job completed = aPendingJob().createdAt(clock.now()).callback(HOOK).build();
        jobs.insert(completed);
        Job claimed = jobs.claimNext("w1", clock.now(), QueueRules.defaults()).orElseThrow();
        jobs.apply(JobLifecycle.start(claimed.token(), "Starting", clock.now()));
        jobs.apply(JobLifecycle.complete(claimed.token(), new JobResult("/uploads/a.mp4", Builders.someStats(), null),
                clock.now()));
        clock.advance(Duration.ofSeconds(1));
        Job cancelled = aPendingJob().callback(HOOK).build();
        jobs.insert(cancelled);
        jobs.override(JobLifecycle.cancel(cancelled.id(), clock.now()));

        while (dispatcher.deliverNext()) {
            // both
        }

        assertEquals(List.of("job.completed", "job.cancelled"), sent.stream().map(s -> s.split(" ")[1]).toList());
    }

    @Test
    void aStartedDispatcherPostsAnEndAsSoonAsItIsWoken() throws Exception {
        failedJob();
        try (CallbackDispatcher running = new CallbackDispatcher(jobs, sender, clock, SETTINGS)) {
            running.start();
            Await.until("the end posted", Duration.ofSeconds(5), () -> sent.size() == 1);
            failedJob();

            running.wake();

            Await.until("the second end posted without waiting an hour", Duration.ofSeconds(5),
                    () -> sent.size() == 2);
        }
    }

    @Test
    void retriesWaitTripleEachTimeUpToAnHour() {
        assertEquals(List.of(10L, 30L, 90L, 270L, 810L, 2430L, 3600L, 3600L),
                java.util.stream.IntStream.rangeClosed(1, 8)
                        .mapToObj(n -> SETTINGS.retryAfter(n).toSeconds()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "receiver.example/hook", "ftp://receiver.example/hook", "http:///hook",
            "https://user:secret@receiver.example/hook", "http://exa mple.com/"})
    void aCallbackUrlMustBeAnAbsoluteHttpUrlWithoutCredentials(String url) {
        assertThrows(InvalidInputException.class, () -> Callback.parse(url));
    }

    @Test
    void aCallbackUrlIsKeptAsGiven() {
        assertEquals("https://receiver.example:8443/hooks/jobs?team=7", Callback.parse(
                " https://receiver.example:8443/hooks/jobs?team=7 ").url());
        assertEquals("http://127.0.0.1:9000/", Callback.parse("http://127.0.0.1:9000/").url());
        assertThrows(InvalidInputException.class, () -> Callback.parse("https://x.example/" + "a".repeat(2048)));
    }
}
