package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.http.RunningApi.Reply;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard's page and assets from the jar, and the upload folder's files with byte ranges. */
class DashboardRoutesTest {
    private static final String TOKEN = "a-token-of-some-length";

    @TempDir
    Path dir;

    private Path uploads() throws IOException {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        byte[] video = new byte[100_000];
        for (int i = 0; i < video.length; i++) {
            video[i] = (byte) (i * 31);
        }
        Files.createDirectories(uploads.resolve("annotated/job/1-w1"));
        Files.write(uploads.resolve("annotated/job/1-w1/annotated_clip.mp4"), video);
        Files.write(uploads.resolve("annotated/job/1-w1/.annotated_clip.1f2e.part.mp4"), video);
        Files.writeString(dir.resolve("secret.txt"), "outside the folder");
        Files.createSymbolicLink(uploads.resolve("link.txt"), dir.resolve("secret.txt"));
        return uploads;
    }

    private RunningApi api(HttpSettings settings) throws IOException {
        return new RunningApi(settings.withUploads(uploads()));
    }

    @Test
    void thePageAndItsBuiltAssetsAreServedFromTheJar() throws IOException {
        try (RunningApi api = api(new HttpSettings("127.0.0.1", 0))) {
            Reply page = api.get("/");
            Reply script = api.get("/dashboard/app.js");
            Reply style = api.get("/dashboard/app.css");

            assertEquals(200, page.status());
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertTrue(page.body().contains("/dashboard/app.js"), "the page loads the bundle");
            assertEquals(200, script.status());
            assertTrue(script.contentType().startsWith("text/javascript"), script.contentType());
            assertTrue(script.body().length() > 100_000, "Chart.js and Leaflet bundled in: " + script.body().length());
            assertEquals(200, style.status());
            assertTrue(style.body().contains(".leaflet-container"), "Leaflet's styles bundled in");
            assertEquals(404, api.get("/dashboard/nothing.js").status());
            assertEquals(404, api.get("/dashboard/..%2Fopenapi.json").status());
        }
    }

    @Test
    void aFileIsServedWholeOrByTheRangeAsked() throws IOException {
        try (RunningApi api = api(new HttpSettings("127.0.0.1", 0))) {
            byte[] video = Files.readAllBytes(dir.resolve("uploads/annotated/job/1-w1/annotated_clip.mp4"));
            Reply whole = api.get("/uploads/annotated/job/1-w1/annotated_clip.mp4");
            Reply part = api.send(HttpRequest.newBuilder(api.uri("/uploads/annotated/job/1-w1/annotated_clip.mp4"))
                    .header("Range", "bytes=1000-1999"));

            assertEquals(200, whole.status());
            assertEquals("video/mp4", whole.contentType());
            assertEquals(String.valueOf(video.length), whole.header("Content-Length"));
            assertEquals(206, part.status());
            assertEquals("bytes 1000-1999/100000", part.header("Content-Range"));
            assertEquals("1000", part.header("Content-Length"));
            assertArrayEquals(Arrays.copyOfRange(video, 1000, 2000), bytes(api, "bytes=1000-1999"), "the bytes asked for");
            assertArrayEquals(Arrays.copyOfRange(video, 99_000, 100_000), bytes(api, "bytes=-1000"), "the last ones");
            assertArrayEquals(Arrays.copyOfRange(video, 99_990, 100_000), bytes(api, "bytes=99990-"), "from one on");
            Reply past = api.send(HttpRequest.newBuilder(api.uri("/uploads/annotated/job/1-w1/annotated_clip.mp4"))
                    .header("Range", "bytes=100000-"));
            assertEquals(416, past.status());
            assertEquals("bytes */100000", past.header("Content-Range"));
            assertTrue(past.isJson(), past.contentType());
        }
    }

    private static byte[] bytes(RunningApi api, String range) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    api.uri("/uploads/annotated/job/1-w1/annotated_clip.mp4")).header("Range", range).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/uploads/nothing.mp4", "/uploads/../secret.txt", "/uploads/%2E%2E/secret.txt",
        "/uploads/link.txt", "/uploads/annotated/job/1-w1/.annotated_clip.1f2e.part.mp4", "/uploads/annotated"})
    void onlyRegularVisibleFilesInsideTheFolderAreServed(String path) throws IOException {
        try (RunningApi api = api(new HttpSettings("127.0.0.1", 0))) {
            Reply reply = api.get(path);

            assertEquals(404, reply.status(), path + ": " + reply.body());
            assertFalse(reply.body().contains("outside the folder"));
        }
    }

    @Test
    void withATokenThePageNeedsNoneAndFilesTakeItAsACookieOnReadsOnly() throws IOException {
        try (RunningApi api = api(new HttpSettings("127.0.0.1", 0).withApiToken(TOKEN))) {
            String file = "/uploads/annotated/job/1-w1/annotated_clip.mp4";

            assertEquals(200, api.get("/").status());
            assertEquals(200, api.get("/dashboard/app.js").status());
            assertEquals(401, api.get(file).status());
            assertEquals(200, api.send(HttpRequest.newBuilder(api.uri(file))
                    .header("Cookie", TokenCheck.COOKIE + "=" + TOKEN)).status());
            assertEquals(401, api.send(HttpRequest.newBuilder(api.uri(file))
                    .header("Cookie", TokenCheck.COOKIE + "=wrong-token-of-length")).status());
            assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/jobs"))
                    .header("Cookie", TokenCheck.COOKIE + "=" + TOKEN)).status(), "the API takes no cookie");
            assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/worker/stop"))
                    .header("Cookie", TokenCheck.COOKIE + "=" + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())).status(), "nor does a POST");
        }
    }

    @Test
    void withoutAnUploadFolderNoFileIsServed() {
        try (RunningApi api = new RunningApi(new HttpSettings("127.0.0.1", 0))) {
            assertEquals(404, api.get("/uploads/annotated/job/1-w1/annotated_clip.mp4").status());
        }
    }
}
