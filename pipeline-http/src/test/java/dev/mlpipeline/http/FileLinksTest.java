package dev.mlpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.port.VideoStore;
import dev.mlpipeline.http.RunningApi.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GET /files: a redirect to a link for an output a browser cannot read by its URL, and for no other. */
class FileLinksTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private static final String OUTPUT = "s3://results/ml/annotated/j/1-w1/annotated_clip.mp4";

    /** Links to what is under s3://results/ml/, as a store that published there would; fails for s3://broken. */
    private static final class LinkingStore implements VideoStore {
        final List<Duration> asked = new ArrayList<>();

        @Override
        public boolean holds(String url) {
            return url.startsWith("s3://");
        }

        @Override
        public Optional<URI> readLink(String url, Duration valid) throws IOException {
            asked.add(valid);
            if (url.startsWith("s3://broken/")) {
                throw new IOException("no credentials");
            }
            return url.startsWith("s3://results/ml/")
                    ? Optional.of(URI.create("https://results.s3.example/" + url.substring(13) + "?X-Amz-Signature=abc"))
                    : Optional.empty();
        }

        @Override
        public Input open(String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String urlOf(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(Path file, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Entry> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Entry entry) {
            throw new UnsupportedOperationException();
        }
    }

    private static String files(String url) {
        return "/files?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    @Test
    void anOutputInS3RedirectsToItsLinkWhichNoCacheKeeps() {
        LinkingStore store = new LinkingStore();
        try (RunningApi api = new RunningApi(new HttpSettings("127.0.0.1", 0), List.of(store))) {
            Reply reply = api.get(files(OUTPUT));

            assertEquals(302, reply.status(), reply.body());
            assertEquals("https://results.s3.example/ml/annotated/j/1-w1/annotated_clip.mp4?X-Amz-Signature=abc",
                    reply.header("Location"));
            assertEquals("no-store", reply.header("Cache-Control"));
            assertEquals(List.of(FileLinks.VALID), store.asked);
        }
    }

    @Test
    void anUploadsUrlRedirectsToItself() {
        try (RunningApi api = new RunningApi(new HttpSettings("127.0.0.1", 0), List.of())) {
            Reply reply = api.get(files("/uploads/annotated/j/1-w1/frames/frame_000003_0.10s.jpg"));

            assertEquals(302, reply.status(), reply.body());
            assertEquals("/uploads/annotated/j/1-w1/frames/frame_000003_0.10s.jpg", reply.header("Location"));
        }
    }

    @Test
    void whatNoStoreLinksIsNotFoundAndABadRequestIsSaidSo() {
        try (RunningApi api = new RunningApi(new HttpSettings("127.0.0.1", 0), List.of(new LinkingStore()))) {
            for (String url : List.of("s3://other-bucket/secret.mp4", "https://example.com/a.mp4", "file:///etc/passwd")) {
                Reply reply = api.get(files(url));

                assertEquals(404, reply.status(), url);
                assertTrue(reply.json().get("error").asText().contains("not an output"), reply.body());
                assertEquals("", reply.header("Location"), url);
            }
            for (String query : List.of("/files", "/files?url=", "/files?url=%2Fuploads%2Fa%0D%0ASet-Cookie%3A%20x")) {
                Reply reply = api.get(query);

                assertEquals(400, reply.status(), query);
                assertTrue(reply.json().has("error"), reply.body());
            }
        }
    }

    @Test
    void aStoreThatCannotSignIsUnavailableNotAServerFault() {
        try (RunningApi api = new RunningApi(new HttpSettings("127.0.0.1", 0), List.of(new LinkingStore()))) {
            Reply reply = api.get(files("s3://broken/a.mp4"));

            assertEquals(503, reply.status());
            assertTrue(reply.json().get("error").asText().contains("no credentials"), reply.body());
        }
    }

    @Test
    void withATokenALinkNeedsItAsAHeaderOrAsTheDashboardsCookie() {
        HttpSettings settings = new HttpSettings("127.0.0.1", 0).withApiToken(TOKEN);
        try (RunningApi api = new RunningApi(settings, List.of(new LinkingStore()))) {
            assertEquals(401, api.get(files(OUTPUT)).status());
            assertEquals(401, get(api, files(OUTPUT), "Cookie", TokenCheck.COOKIE + "=wrong-token-0123456789").status());

            assertEquals(302, get(api, files(OUTPUT), "Cookie", TokenCheck.COOKIE + "=" + TOKEN).status());
            assertEquals(302, get(api, files(OUTPUT), "Authorization", "Bearer " + TOKEN).status());
            assertEquals(401, get(api, "/jobs", "Cookie", TokenCheck.COOKIE + "=" + TOKEN).status(),
                    "the cookie opens reads of files only, not the API");
        }
    }

    private static Reply get(RunningApi api, String path, String header, String value) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header(header, value).GET());
    }
}
