package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one queue, as the main backend and its users drive it: inputs that share a name,
 * jobs the origin service left stuck, double submissions, jobs of one video inserted directly, files
 * cut short, and videos still uploading.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Path dir;
    private Path uploads;
    private ServiceProcess first;
    private ServiceProcess second;
    private MainBackend backend;

    @BeforeAll
    void startTwoInstances(@TempDir Path folder) throws Exception {
        dir = folder;
        uploads = dir.resolve("uploads");
        first = ServiceProcess.start("first", dir.resolve("first"), Map.of("UPLOAD_DIR", uploads.toString()));
        second = ServiceProcess.start("second", dir.resolve("second"), Map.of("UPLOAD_DIR", uploads.toString(),
                "MONGO_URI", first.mongoUri()));
        backend = new MainBackend(first.mongoUri());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable each : new AutoCloseable[] {backend, second, first}) {
            if (each != null) {
                each.close();
            }
        }
    }

    private ObjectId post(ObjectId video) throws Exception {
        ServiceClient.Reply reply = first.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}");
        assertEquals(201, reply.status(), reply.body().toString());
        return new ObjectId(reply.body().get("job").get("_id").asText());
    }

    private Document completed(ObjectId job) {
        Document done = backend.awaitJob(job, WAIT, "finished", j -> j.get("status").toString().matches("completed|failed"));
        assertEquals("completed", done.get("status"), done.toJson());
        return done;
    }

    private Path output(Document job) {
        return dir.resolve(job.get("result", Document.class).getString("annotated_video_url").substring(1));
    }

    @Test
    void inputsThatShareANameEachGetTheirOwnOutput() throws Exception {
        Map<String, Integer> frames = Map.of("s1/clip.mp4", 30, "s2/clip.mp4", 45, "clip.mov", 60);
        List<ObjectId> jobs = new ArrayList<>();
        for (String file : List.of("s1/clip.mp4", "s2/clip.mp4", "clip.mov")) {
            SyntheticClip.builder().frames(frames.get(file)).build().writeTo(uploads.resolve(file));
            jobs.add(post(backend.insertVideo("/uploads/" + file)));
        }

        List<Path> outputs = jobs.stream().map(this::completed).map(this::output).toList();

        assertEquals(3, new HashSet<>(outputs).size(), outputs.toString());
        assertEquals(List.of(30L, 45L, 60L), outputs.stream().map(QueueIT::frameCount).toList(),
                "each output holds its own input's frames");
        assertTrue(outputs.stream().allMatch(p -> p.getFileName().toString().equals("annotated_clip.mp4")),
                "the origin's name is kept inside each job's folder: " + outputs);
    }

    @Test
    void jobsTheOriginLeftStuckAreRecoveredOnceTheyAreStale() throws Exception {
        SyntheticClip.builder().frames(30).build().writeTo(uploads.resolve("stuck.mp4"));
        ObjectId video = backend.insertVideo("/uploads/stuck.mp4");
        SyntheticClip.builder().frames(30).build().writeTo(uploads.resolve("busy.mp4"));
        ObjectId busyVideo = backend.insertVideo("/uploads/busy.mp4");
        // as the origin's worker leaves a job it died with: no lease, naive isoformat() times
        String elevenMinutesAgo = OriginTime.ago(Duration.ofMinutes(11));
        ObjectId stuck = backend.insertJob(video, new Document("status", "processing").append("progress", 40)
                .append("updated_at", elevenMinutesAgo).append("started_at", elevenMinutesAgo));
        ObjectId recent = backend.insertJob(busyVideo, new Document("status", "claimed")
                .append("updated_at", OriginTime.ago(Duration.ofMinutes(1))));

        Document recovered = completed(stuck);

        assertEquals(1, recovered.getInteger("attempts"), "the recovery counts as an attempt");
        Thread.sleep(1_000);
        Document untouched = backend.job(recent);
        assertEquals("claimed", untouched.get("status"), "updated a minute ago: left alone " + untouched.toJson());
        assertFalse(untouched.containsKey("attempts"));
    }

    @Test
    void aDoubleSubmissionMakesOneJob() throws Exception {
        SyntheticClip.builder().frames(30).build().writeTo(uploads.resolve("twice.mp4"));
        // still uploading, so that the first job stays open however fast the workers are
        ObjectId video = backend.insertVideo(new Document("storage_url", "/uploads/twice.mp4")
                .append("status", "uploading"));
        int clicks = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clicks);
        List<ServiceClient.Reply> replies = new ArrayList<>();
        try {
            List<Future<ServiceClient.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < clicks; i++) {
                ServiceProcess instance = i % 2 == 0 ? first : second;
                sent.add(pool.submit(() -> {
                    go.await();
                    return instance.client().post("/jobs", "{\"video_id\": \"" + video.toHexString() + "\"}");
                }));
            }
            go.countDown();
            for (Future<ServiceClient.Reply> reply : sent) {
                replies.add(reply.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(200, 200, 200, 201), replies.stream().map(ServiceClient.Reply::status).sorted().toList());
        Set<String> ids = new HashSet<>();
        replies.forEach(r -> ids.add(r.body().get("job").get("_id").asText()));
        assertEquals(1, ids.size(), "every answer names the one job");
        assertEquals(1, backend.jobs().countDocuments(new Document("video_id", video)));
    }

    @Test
    void jobsInsertedDirectlyForOneVideoRunOneAfterTheOther() throws Exception {
        SyntheticClip.builder().size(640, 360).frames(90).movingObjects(2).build().writeTo(uploads.resolve("one.mp4"));
        ObjectId video = backend.insertVideo("/uploads/one.mp4");
        List<ObjectId> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(backend.insertJob(video, new Document()));
        }

        List<Document> done = jobs.stream().map(this::completed).toList();

        List<Instant[]> spans = new ArrayList<>(done.stream().map(j -> new Instant[] {
            Instant.parse(j.getString("started_at")), Instant.parse(j.getString("completed_at"))}).toList());
        spans.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertFalse(spans.get(i)[0].isBefore(spans.get(i - 1)[1]),
                    "a job of the video started while another ran: " + Arrays.deepToString(spans.toArray()));
        }
    }

    @Test
    void aFileCutShortCompletesWithAWarningOrFailsWhenMostIsMissing() throws Exception {
        Path whole = uploads.resolve("whole.mp4");
        SyntheticClip.builder().frames(90).movingObjects(2).withAudio().fastStart().build().writeTo(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(uploads.resolve("cut70.mp4"), Arrays.copyOf(bytes, bytes.length * 7 / 10));
        Files.write(uploads.resolve("cut30.mp4"), Arrays.copyOf(bytes, bytes.length * 3 / 10));

        ObjectId mostly = post(backend.insertVideo("/uploads/cut70.mp4"));
        ObjectId barely = post(backend.insertVideo("/uploads/cut30.mp4"));

        Document warned = completed(mostly);
        List<String> warnings = warned.get("result", Document.class).getList("warnings", String.class);
        assertEquals(1, warnings.size(), warned.toJson());
        assertTrue(warnings.get(0).matches("the video ends early: \\d\\.\\d s of the 3\\.0 s that cut70\\.mp4 declares"
                + " were decoded, \\d\\.\\d s \\(\\d+%\\) missing; the file may have been cut short"), warnings.get(0));
        Document failed = backend.awaitJob(barely, WAIT, "failed", j -> "failed".equals(j.get("status")));
        assertTrue(failed.getString("error").matches("only \\d\\.\\d s of the 3\\.0 s that cut30\\.mp4 declares could be"
                + " decoded \\(\\d+%\\): the file is cut short or damaged"), failed.getString("error"));
    }

    @Test
    void aVideoStillUploadingIsProcessedOnlyOnceItsUploadEnds() throws Exception {
        Path file = uploads.resolve("arriving.mp4");
        SyntheticClip.builder().frames(30).build().writeTo(file);
        ObjectId video = backend.insertVideo(new Document("storage_url", "/uploads/arriving.mp4")
                .append("status", "uploading"));
        ObjectId job = post(video);

        backend.awaitJob(job, WAIT, "waiting", j -> "Waiting for the upload to finish".equals(j.get("status_message")));
        Thread.sleep(2_000);
        Document waiting = backend.job(job);
        assertEquals("pending", waiting.get("status"));
        assertEquals(0, waiting.getInteger("attempts"), "waiting uses no attempt");
        assertEquals("uploading", backend.video(video).get("status"), "the upload's own status is left alone");

        backend.videos().updateOne(new Document("_id", video), new Document("$set", new Document("status", "uploaded")));

        assertEquals(30L, frameCount(output(completed(job))));
    }

    private static long frameCount(Path video) {
        try (FrameSource.Stream frames = new JavaCvFrameSource().open(video)) {
            long count = 0;
            while (frames.next().isPresent()) {
                count++;
            }
            return count;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Times as the origin writes them: Python's naive {@code utcnow().isoformat()}. */
    private static final class OriginTime {
        static String ago(Duration duration) {
            return java.time.LocalDateTime.ofInstant(Instant.now().minus(duration), java.time.ZoneOffset.UTC).toString();
        }
    }
}
