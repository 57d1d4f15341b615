package dev.mlpipeline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.port.VideoCatalog;
import dev.mlpipeline.core.service.Janitor;
import dev.mlpipeline.core.service.JobProcessor;
import dev.mlpipeline.core.service.JobService;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.TrackPlacement;
import dev.mlpipeline.core.service.UploadFolder;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.core.service.Worker;
import dev.mlpipeline.core.service.WorkerSettings;
import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.core.testing.Builders;
import dev.mlpipeline.core.testing.InMemoryVideoCatalog;
import dev.mlpipeline.examples.jdbc.JdbcJobRepository;
import dev.mlpipeline.video.io.GpxTrackReader;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.io.VideoEncoding;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import org.h2.jdbcx.JdbcDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/embedding.md, "The whole pipeline with your own model": the queue, the worker and the annotator
 * wired by hand, as pipeline-app wires them, with the host's model, queue (the SQL store) and videos.
 */
class WholePipelineExample {
    @TempDir
    Path folder;

    /** The host's queue: here the SQL example store, over H2 in memory. */
    JobRepository hostQueue() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:whole-pipeline;DB_CLOSE_DELAY=-1");
        JdbcJobRepository jobs = new JdbcJobRepository(h2);
        jobs.createSchema();
        return jobs;
    }

    @Test
    void aJobCreatedThroughTheServiceIsRunByTheWorkerWithTheHostsModel() throws Exception {
        InMemoryVideoCatalog hostVideos = new InMemoryVideoCatalog();
        Video video = hostVideos.add(Builders.aVideo().withFile("clip.mp4").build());
        SyntheticClip.builder().size(320, 240).frames(30).build().writeTo(folder.resolve("clip.mp4"));

        // snippet whole-pipeline
        JobRepository jobs = hostQueue();     // where jobs wait: MongoDB, SQL, the host's own
        VideoCatalog videos = hostVideos;     // the videos the jobs name
        Clock clock = Clock.system();
        QueueRules rules = QueueRules.defaults();
        UploadFolder uploads = new UploadFolder(folder);
        InferenceClient model = InferenceClient.of("host:signs", 4, frame -> List.of(
                new Detection("sign", 0.9, new BoundingBox(10, 10, 60, 60))));
        VideoAnnotator annotator = new VideoAnnotator(new JavaCvFrameSource(), model,
                new JavaCvAnnotatedVideoSink(VideoEncoding.defaults()), new JsonDetectionsSink(),
                PipelineSettings.defaults());
        JobProcessor processor = new JobProcessor(videos, clock, uploads, annotator,
                new Janitor(uploads, jobs, videos, clock, rules.lease()),
                new TrackPlacement(new GpxTrackReader(), Duration.ZERO));
        Worker worker = new Worker(jobs, processor, clock, new WorkerSettings("host-1", Duration.ofSeconds(5), rules));
        JobService service = new JobService(jobs, videos, clock, worker::wake);

        worker.start();
        Job job = service.create(video.id().hex()).job();
        // end snippet whole-pipeline

        try {
            Await.until("the job completes", Duration.ofSeconds(60),
                    () -> jobs.findById(job.id()).orElseThrow().status() == JobStatus.COMPLETED);
            Job done = jobs.findById(job.id()).orElseThrow();
            assertEquals(10L, done.result().stats().detectionStats().get("sign"));
            Path annotated = folder.resolve(done.result().annotatedVideoUrl().substring("/uploads/".length()));
            assertTrue(Files.isRegularFile(annotated), annotated.toString());
            assertEquals(30, AnnotateOneFileExample.framesIn(annotated));
            assertEquals(done.result().annotatedVideoUrl(), videos.find(video.id()).orElseThrow().annotatedVideoUrl());
        } finally {
            worker.close();
        }
    }
}
