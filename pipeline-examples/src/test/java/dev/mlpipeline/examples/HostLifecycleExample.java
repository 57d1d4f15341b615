package dev.mlpipeline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.service.Janitor;
import dev.mlpipeline.core.service.JobProcessor;
import dev.mlpipeline.core.service.JobService;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.Storage;
import dev.mlpipeline.core.service.TrackPlacement;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.Builders;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.core.testing.Processors;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/embedding.md, "The worker in your lifecycle": start with the host, stop with it, gracefully. */
class HostLifecycleExample {

    // snippet host-lifecycle
    /** A part of the host's service that runs ml-pipeline's worker while the host runs. */
    static final class SurveyModule implements AutoCloseable {
        private static final System.Logger LOG = System.getLogger(SurveyModule.class.getName());
        private final Worker worker;

        SurveyModule(Worker worker) {
            this.worker = worker;
        }

        /** On the host's start: the worker claims jobs on a thread of its own. */
        void start() {
            worker.start();
        }

        /**
         * On the host's shutdown: no new claims, the running job is cancelled and given back to the queue
         * (another instance, or this one after a restart, runs it again); a job that cannot be given back
         * within 30 s is left to its lease, which runs out.
         */
        @Override
        public void close() throws InterruptedException {
            if (!worker.close(Duration.ofSeconds(30))) {
                LOG.log(Level.WARNING, "the running job was not given back in time; its lease will run out");
            }
        }
    }
    // end snippet host-lifecycle

    @TempDir
    Path folder;

    @Test
    void closingTheModuleGivesTheRunningJobBackToTheQueue() throws Exception {
        InMemoryJobRepository jobs = new InMemoryJobRepository();
        InMemoryVideoCatalog videos = new InMemoryVideoCatalog();
        Video video = videos.add(Builders.aVideo().withFile("long.mp4").build());
        SyntheticClip.builder().size(320, 240).frames(300).build().writeTo(folder.resolve("long.mp4"));
        Clock clock = Clock.system();
        QueueRules rules = QueueRules.defaults();
        // a slow model: the job is still running when the host shuts down
        InferenceClient model = InferenceClient.of("host:slow", 1, frame -> {
            sleep(50);
            return List.of();
        });
        Storage storage = Storage.local(new UploadFolder(folder));
        JobProcessor processor = new JobProcessor(videos, clock, storage,
                new VideoAnnotator(new JavaCvFrameSource(), model, new JavaCvAnnotatedVideoSink(),
                        new JsonDetectionsSink(), PipelineSettings.defaults()),
                new Janitor(storage, jobs, videos, clock, rules.lease()),
                new TrackPlacement(Processors.NO_TRACKS, Duration.ZERO));
        Worker worker = new Worker(jobs, processor, clock, new WorkerSettings("host-1", Duration.ofSeconds(5), rules));
        Job job;
        try (SurveyModule module = new SurveyModule(worker)) {
            module.start();
            job = new JobService(jobs, videos, clock, worker::wake).create(video.id().hex()).job();
            Await.until("the job runs", Duration.ofSeconds(30),
                    () -> jobs.findById(job.id()).orElseThrow().status() == JobStatus.PROCESSING);
        }

        Job after = jobs.findById(job.id()).orElseThrow();
        assertEquals(JobStatus.PENDING, after.status(), "given back to the queue");
        assertEquals(0, after.attempts(), "an attempt given back does not count against MAX_ATTEMPTS");
        assertNull(after.lease());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
