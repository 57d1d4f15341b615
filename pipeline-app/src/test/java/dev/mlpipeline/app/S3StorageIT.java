package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.testing.Await;
import dev.mlpipeline.s3.S3TestServer;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two instances with no shared folder, over one database and one S3-protocol server (S3Proxy): the video
 * and its track come from S3, the outputs go to S3. Worker A is paused (SIGSTOP) while it annotates, past
 * its lease; worker B takes the job over and publishes; A is resumed. A's late work must publish nothing,
 * B's objects must stay byte for byte, and nothing may be left behind: no object of A's, no unfinished
 * upload, no local file.
 */
class S3StorageIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TRACK = """
            <gpx><trk><trkseg>
            <trkpt lat="52.0" lon="4.0"><time>2024-05-01T10:00:00Z</time></trkpt>
            <trkpt lat="52.001" lon="4.0"><time>2024-05-01T10:00:10Z</time></trkpt>
            </trkseg></trk></gpx>
            """;

    @TempDir
    Path dir;

    @Test
    void aWorkerPausedPastItsLeasePublishesNothingAndTheHoldersObjectsStay() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        SyntheticClip.builder().size(640, 360).fps(30).frames(90).movingObjects(3).build().writeTo(clip);
        try (S3TestServer s3 = S3TestServer.start(); S3Client client = s3.client(dir.resolve("client-cache"))) {
            s3.createBucket("videos");
            s3.createBucket("outputs");
            client.putObject(b -> b.bucket("videos").key("survey/clip.mp4"), RequestBody.fromFile(clip));
            client.putObject(b -> b.bucket("videos").key("survey/clip.gpx"), RequestBody.fromString(TRACK));
            Map<String, String> shared = Map.of("LEASE_SECONDS", "2", "OUTPUT_URL", "s3://outputs/results",
                    "S3_ENDPOINT_URL", s3.endpoint().toString(), "AWS_REGION", S3TestServer.REGION,
                    "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                    "SAVE_FRAMES", "all");
            try (ServiceProcess b = ServiceProcess.start("b", dir.resolve("b"), ServiceProcess.with(shared,
                            "WORKER_AUTOSTART", "false", "VIDEO_PRESET", "ultrafast"));
                    // placebo: A's encoder takes its time, so there is a moment to pause it in
                    ServiceProcess a = ServiceProcess.start("a", dir.resolve("a"), ServiceProcess.with(shared,
                            "MONGO_URI", b.mongoUri(), "VIDEO_PRESET", "placebo"));
                    MainBackend backend = new MainBackend(b.mongoUri())) {
                ObjectId video = backend.insertVideo(new Document("storage_url", "s3://videos/survey/clip.mp4")
                        .append("gpx_file_url", "s3://videos/survey/clip.gpx"));
                ServiceClient.Reply created = a.client().post("/jobs", "{\"video_id\": \"" + video.toHexString()
                        + "\"}");
                ObjectId job = new ObjectId(created.body().get("job").get("_id").asText());

                Await.until("A annotates", WAIT, () -> backend.frames(video).size() > 10);
                Document completed = backend.takeOver(job, a, b, WAIT);
                Document result = completed.get("result", Document.class);
                String url = result.getString("annotated_video_url");
                String prefix = "s3://outputs/results/annotated/" + job.toHexString() + "/2-";
                assertTrue(url.startsWith(prefix) && url.endsWith("/annotated_clip.mp4"), url);
                String published = sha256(client, url);

                a.resume();
                Await.until("A's late attempt is over", WAIT,
                        () -> a.countLines("attempt 1 no longer holds it") + a.countLines("lease lost") > 0);
                // A stops its encoder and removes its local copy; whatever it did meanwhile shows below
                Await.until("A removes its local copy", WAIT, () -> localFiles(dir.resolve("a").resolve("uploads"))
                        .isEmpty());
                Thread.sleep(1_000);

                Document after = backend.job(job);
                assertEquals(url, after.get("result", Document.class).getString("annotated_video_url"));
                assertEquals(published, sha256(client, url), "the completed job's video is byte for byte B's");
                String folder = url.substring("s3://outputs/".length(), url.lastIndexOf('/') + 1);
                List<String> keys = keys(client, "results/");
                assertEquals(List.of(), keys.stream().filter(k -> !k.startsWith(folder)).toList(),
                        "only B's objects remain:\n" + a.outputText());
                assertTrue(keys.containsAll(List.of(folder + "annotated_clip.mp4",
                        folder + "annotated_clip.detections.json", folder + "annotated_clip.objects.geojson")),
                        keys.toString());
                assertEquals(List.of(), client.listMultipartUploads(r -> r.bucket("outputs")).uploads(),
                        "no unfinished upload is left");
                assertEquals(url, backend.video(video).getString("annotated_video_url"));
                assertEquals(90, framesIn(client, url, dir.resolve("check.mp4")), "B's video is whole");

                List<Document> frames = backend.frames(video);
                assertEquals(30, frames.size(), "every 3rd frame is sampled and recorded");
                Document middle = frames.get(15);
                assertEquals(45, middle.getInteger("frame_number"));
                String framePath = middle.getString("frame_path");
                assertTrue(framePath.startsWith("s3://outputs/" + folder + "frames/"), framePath);
                assertTrue(keys.contains(framePath.substring("s3://outputs/".length())), framePath);
                assertTrue(middle.get("location") != null, "the track came from S3 too");
                assertEquals(List.of(), localFiles(dir.resolve("a").resolve("uploads")),
                        "A left no local file:\n" + a.outputText());
                assertEquals(List.of(), localFiles(dir.resolve("b").resolve("uploads")), "B left no local file");
            }
        }
    }

    private static List<String> keys(S3Client client, String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket("outputs").prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static byte[] object(S3Client client, String url) {
        String key = url.substring("s3://outputs/".length());
        return client.getObjectAsBytes(r -> r.bucket("outputs").key(key)).asByteArray();
    }

    private static String sha256(S3Client client, String url) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object(client, url)));
    }

    private static int framesIn(S3Client client, String url, Path copy) throws Exception {
        Files.write(copy, object(client, url));
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(copy.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            return frames;
        }
    }

    private static List<Path> localFiles(Path uploads) {
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(uploads)) {
            return all.filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(uploads.resolve("(changing while listed)"));
        }
    }
}
