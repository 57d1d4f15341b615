package dev.mlpipeline.http;

import static dev.mlpipeline.http.JobRoutesTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.testing.Builders;
import dev.mlpipeline.core.testing.InMemoryJobRepository;
import dev.mlpipeline.http.RunningApi.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorResponsesTest {
    private static final String VIDEO_ID = "65a1b2c3d4e5f6a7b8c9d0e1";

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/jobs/65a1b2c3d4e5f6a7b8c9d0e1/extra", "/worker", "/healthz", "/dashboard"})
    void givenUnknownRoute_thenReturns404NotFound(String path) {
        try (RunningApi api = new RunningApi()) {
            Reply reply = api.get(path);

            assertError(reply, 404);
            assertEquals("Not found", reply.json().get("error").textValue());
        }
    }

    @ParameterizedTest
    @CsvSource({"PUT,/jobs,GET|POST", "DELETE,/jobs/65a1b2c3d4e5f6a7b8c9d0e1,GET", "GET,/worker/start,POST",
            "POST,/health,GET", "PATCH,/worker/stop,POST"})
    void givenKnownPathWithWrongMethod_thenReturns405WithAllowHeader(String method, String path, String allowed) {
        try (RunningApi api = new RunningApi()) {
            Reply reply = api.method(method, path);

            assertError(reply, 405);
            assertEquals("Method not allowed", reply.json().get("error").textValue());
            String allow = reply.allow().orElseThrow(() -> new AssertionError("no Allow header"));
            for (String expected : allowed.split("\\|")) {
                assertTrue(allow.contains(expected), allow);
            }
            assertFalse(allow.contains(method), allow);
        }
    }

    @Test
    void givenBodyOver1MiB_thenReturns413() {
        try (RunningApi api = new RunningApi()) {
            Reply reply = api.post("/jobs", jobBodyOfSize(HttpApi.MAX_BODY_BYTES + 1));

            assertError(reply, 413);
            assertTrue(reply.json().get("error").textValue().contains("1048576"), reply.body());
        }
    }

    @Test
    void givenChunkedBodyOver1MiB_thenReturns413() {
        byte[] body = jobBodyOfSize(4 * HttpApi.MAX_BODY_BYTES).getBytes(StandardCharsets.UTF_8);
        try (RunningApi api = new RunningApi()) {
            // a body from a stream has no Content-Length: it is sent chunked, so the limit must hold while reading
            Reply reply = api.post("/jobs", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

            assertError(reply, 413);
        }
    }

    @Test
    void givenBodyOfExactly1MiB_thenItIsAccepted() {
        try (RunningApi api = new RunningApi()) {
            api.videos.add(Builders.aVideo().id(VideoId.parse(VIDEO_ID)).build());

            Reply reply = api.post("/jobs", jobBodyOfSize(HttpApi.MAX_BODY_BYTES));

            assertEquals(201, reply.status(), reply.body());
        }
    }

    @Test
    void givenStoreUnavailable_thenEveryJobRouteReturns503() {
        try (RunningApi api = new RunningApi(new UnreachableJobRepository(), List.of())) {
            api.videos.add(Builders.aVideo().id(VideoId.parse(VIDEO_ID)).build());

            for (Reply reply : List.of(
                    api.post("/jobs", "{\"video_id\": \"" + VIDEO_ID + "\"}"),
                    api.get("/jobs/" + VIDEO_ID),
                    api.get("/jobs"),
                    api.get("/jobs?status=pending"))) {
                assertError(reply, 503);
                assertEquals("database unavailable: connection refused", reply.json().get("error").textValue());
            }
        }
    }

    @Test
    void givenUnexpectedException_thenReturns500WithoutItsDetails() {
        try (RunningApi api = new RunningApi(new BrokenJobRepository(), List.of())) {
            Reply reply = api.get("/jobs");

            assertError(reply, 500);
            assertEquals("internal error", reply.json().get("error").textValue());
            assertFalse(reply.body().contains("secret"), reply.body());
            assertFalse(reply.body().contains("Exception"), reply.body());
        }
    }

    @Test
    void givenAJvmErrorThatIsNoException_thenReturns500Json() {
        try (RunningApi api = new RunningApi(new FatalJobRepository(), List.of())) {
            Reply reply = api.get("/jobs");

            assertError(reply, 500);
            assertEquals("internal error", reply.json().get("error").textValue());
        }
    }

    @Test
    void givenMalformedRequestThatNeverReachesJavalin_thenJettyAlsoAnswersJson() throws Exception {
        try (RunningApi api = new RunningApi()) {
            String raw = rawRequest(api.api.port(), "GET /jobs/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            String statusLine = raw.lines().findFirst().orElse("");
            assertTrue(statusLine.startsWith("HTTP/1.1 400"), raw);
            assertTrue(raw.toLowerCase().contains("content-type: application/json"), raw);
            String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
            assertTrue(RunningApi.JSON.readTree(body).get("error").isTextual(), raw);
        }
    }

    @Test
    void givenHeadRequestOnAGetRoute_thenReturns200WithoutBody() {
        try (RunningApi api = new RunningApi()) {
            Reply reply = api.send(HttpRequest.newBuilder(api.uri("/health")).method("HEAD", BodyPublishers.noBody()));

            assertEquals(200, reply.status());
            assertEquals("", reply.body());
        }
    }

    private static String jobBodyOfSize(int size) {
        String start = "{\"video_id\": \"" + VIDEO_ID + "\", \"padding\": \"";
        String end = "\"}";
        String body = start + "x".repeat(size - start.length() - end.length()) + end;
        assertEquals(size, body.getBytes(StandardCharsets.UTF_8).length);
        return body;
    }

    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A repository whose database cannot be reached. */
    static final class UnreachableJobRepository extends InMemoryJobRepository {
        @Override
        public synchronized void insert(Job job) {
            throw unreachable();
        }

        @Override
        public synchronized Optional<Job> findById(JobId id) {
            throw unreachable();
        }

        @Override
        public synchronized List<Job> list(Optional<JobStatus> status, int limit) {
            throw unreachable();
        }

        private static StoreUnavailableException unreachable() {
            return new StoreUnavailableException("connection refused", new IOException("connect timed out"));
        }
    }

    /** A repository with a bug. */
    static final class BrokenJobRepository extends InMemoryJobRepository {
        @Override
        public synchronized List<Job> list(Optional<JobStatus> status, int limit) {
            throw new IllegalStateException("secret internals");
        }
    }

    /** A repository that hits a JVM error, which is no Exception. */
    static final class FatalJobRepository extends InMemoryJobRepository {
        @Override
        public synchronized List<Job> list(Optional<JobStatus> status, int limit) {
            throw new AssertionError("secret internals");
        }
    }
}
