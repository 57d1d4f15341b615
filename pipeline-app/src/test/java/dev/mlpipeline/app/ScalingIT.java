package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.s3.S3TestServer;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * N stateless instances (three unless {@code -Dscaling.instances} says otherwise) over one database and one
 * S3-protocol server, sharing no folder: the videos are in S3, the outputs go to S3. The main backend queues
 * {@code -Dscaling.jobs} jobs, every worker starts at once, and each job must be done exactly once, by one
 * attempt, with its outputs in S3 under that attempt's keys and nothing else left. Prints the wall time,
 * the jobs a minute and each instance's share: docs/scaling.md quotes a run of it.
 */
class ScalingIT {
    private static final Duration WAIT = Duration.ofMinutes(20);

    @TempDir
    Path dir;

    @Test
    void instancesShareTheQueueWithoutAFolderAndDoEveryJobOnce() throws Exception {
        int instances = Integer.getInteger("scaling.instances", 3);
        int jobs = Integer.getInteger("scaling.jobs", 6);
        int frames = Integer.getInteger("scaling.frames", 60);
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().size(640, 360).fps(30).frames(frames).movingObjects(3).build().writeTo(clip);
        try (S3TestServer s3 = S3TestServer.start(); S3Client client = s3.client(dir.resolve("client-cache"))) {
            s3.createBucket("videos");
            s3.createBucket("outputs");
            Map<String, String> env = new HashMap<>(Map.of("OUTPUT_URL", "s3://outputs/results",
                    "S3_ENDPOINT_URL", s3.endpoint().toString(), "AWS_REGION", S3TestServer.REGION,
                    "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                    "WORKER_AUTOSTART", "false"));
            List<ServiceProcess> services = new ArrayList<>();
            try {
                services.add(ServiceProcess.start("i1", dir.resolve("i1"), env));
                env.put("MONGO_URI", services.get(0).mongoUri());
                for (int i = 2; i <= instances; i++) {
                    services.add(ServiceProcess.start("i" + i, dir.resolve("i" + i), env));
                }
                try (MainBackend backend = new MainBackend(services.get(0).mongoUri())) {
                    List<ObjectId> queued = new ArrayList<>();
                    for (int i = 0; i < jobs; i++) {
                        String key = "survey/clip" + i + ".mp4";
                        client.putObject(b -> b.bucket("videos").key(key), RequestBody.fromFile(clip));
                        ObjectId video = backend.insertVideo("s3://videos/" + key);
                        queued.add(backend.insertJob(video, new Document()));
                    }
                    long start = System.nanoTime();
                    for (ServiceProcess service : services) {
                        assertEquals(200, service.client().post("/worker/start", "").status());
                    }
                    Map<String, Integer> byWorker = new TreeMap<>();
                    for (ObjectId job : queued) {
                        Document done = backend.awaitJob(job, WAIT, "completed",
                                j -> "completed".equals(j.get("status")));
                        assertEquals(1, done.getInteger("attempts"), "claimed once: " + done.toJson());
                        String url = done.get("result", Document.class).getString("annotated_video_url");
                        assertTrue(url.startsWith("s3://outputs/results/annotated/" + job.toHexString() + "/1-"), url);
                        byWorker.merge(done.getString("worker_id"), 1, Integer::sum);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    List<String> keys = client.listObjectsV2Paginator(r -> r.bucket("outputs")).contents().stream()
                            .map(S3Object::key).toList();
                    for (ObjectId job : queued) {
                        assertEquals(1, keys.stream().filter(k -> k.startsWith("results/annotated/" + job.toHexString()
                                + "/") && k.endsWith(".mp4")).count(), "one video per job: " + keys);
                    }
                    assertEquals(List.of(), client.listMultipartUploads(r -> r.bucket("outputs")).uploads());
                    System.out.printf(Locale.ROOT, "scaling: %d instances, %d jobs of %d frames (640x360) in %.1f s:"
                            + " %.1f jobs a minute; jobs per instance %s; %d objects in S3%n", instances, jobs, frames,
                            seconds, jobs * 60 / seconds, byWorker.values(), keys.size());
                }
            } finally {
                for (ServiceProcess service : services) {
                    service.close();
                }
            }
        }
    }
}
