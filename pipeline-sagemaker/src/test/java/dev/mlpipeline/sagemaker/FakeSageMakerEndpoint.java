package dev.mlpipeline.sagemaker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlpipeline.core.domain.Detection;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A SageMaker runtime on a random loopback port, speaking {@code InvokeEndpoint} over real HTTP to the
 * real SDK: {@code POST /endpoints/{name}/invocations}, SigV4-signed, with a JSON ({@code {"image":
 * base64 JPEG}}) or {@code image/jpeg} body. It checks every request (path, signature header, content
 * type, a decodable JPEG) and answers with scripted replies, in order, then with the
 * {@link #otherwise} reply. Anything that breaks the protocol is answered with an error and listed in
 * {@link #protocolErrors()}, so a test can assert there was none. More endpoints can be served at the
 * same URL ({@link #also}), and the control plane's {@code DescribeEndpoint} answers each one's
 * status ({@link #status}, {@code InService} unless told otherwise).
 *
 * <pre>{@code
 * try (FakeSageMakerEndpoint endpoint = FakeSageMakerEndpoint.start("yolo")) {
 *     endpoint.reply(Reply.throttling(), Reply.predictions(person));
 *     SageMakerSettings settings = SageMakerSettings.of("yolo", "eu-west-1").withEndpointUrl(endpoint.url());
 *     ...
 * }
 * }</pre>
 */
public final class FakeSageMakerEndpoint implements AutoCloseable {
    private static final Pattern INVOCATIONS = Pattern.compile("/endpoints/([^/]+)/invocations");
    private static final Pattern JSON_IMAGE = Pattern.compile("\\A\\s*\\{\\s*\"image\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"\\s*}\\s*\\z");

    private final String endpointName;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-sagemaker");
        thread.setDaemon(true);
        return thread;
    });
    private final Queue<Reply> scripted = new ConcurrentLinkedQueue<>();
    private volatile Function<ReceivedRequest, Reply> otherwise = request -> Reply.predictions();
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, Function<ReceivedRequest, Reply>> others = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger describeCalls = new AtomicInteger();
    private static final Pattern DESCRIBED_NAME = Pattern.compile("\"EndpointName\"\\s*:\\s*\"([^\"]+)\"");

    private FakeSageMakerEndpoint(String endpointName) throws IOException {
        this.endpointName = endpointName;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A running endpoint called {@code endpointName}; close it when done. */
    public static FakeSageMakerEndpoint start(String endpointName) {
        try {
            return new FakeSageMakerEndpoint(endpointName);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake SageMaker endpoint", e);
        }
    }

    /** The runtime URL to put in {@code SageMakerSettings.withEndpointUrl}. */
    public URI url() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    public String endpointName() {
        return endpointName;
    }

    /** Queues replies for the next requests, one each, in order. */
    public FakeSageMakerEndpoint reply(Reply... replies) {
        scripted.addAll(List.of(replies));
        return this;
    }

    /** The reply once the queue is empty (at first: no detections). */
    public FakeSageMakerEndpoint otherwise(Reply reply) {
        return otherwise(request -> reply);
    }

    /** A reply computed from each request once the queue is empty. */
    public FakeSageMakerEndpoint otherwise(Function<ReceivedRequest, Reply> answer) {
        this.otherwise = answer;
        return this;
    }

    /** Serves another endpoint at the same URL, answering each request with {@code answer}. */
    public FakeSageMakerEndpoint also(String name, Function<ReceivedRequest, Reply> answer) {
        others.put(name, answer);
        return this;
    }

    /** The status DescribeEndpoint reports for the endpoint from now on, such as {@code Updating}. */
    public FakeSageMakerEndpoint status(String name, String status) {
        statuses.put(name, status);
        return this;
    }

    /** How many DescribeEndpoint calls the control plane answered. */
    public int describeCalls() {
        return describeCalls.get();
    }

    /** Requests received, dropped and refused ones included, in arrival order. */
    public List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** The most model requests (not status checks) that were being handled at the same moment. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** What was wrong with requests, empty when every one followed the protocol. */
    public List<String> protocolErrors() {
        return List.copyOf(protocolErrors);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        AtomicBoolean holding = new AtomicBoolean();
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ReceivedRequest request = ReceivedRequest.of(exchange, body);
            if ("SageMaker.DescribeEndpoint".equals(request.header("x-amz-target"))) {
                send(exchange, describe(request), () -> { });
                return;
            }
            // model requests only: a status check from another thread is not a request in flight
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            holding.set(true);
            requests.add(request);
            Reply reply = check(request);
            if (reply == null) {
                Matcher path = INVOCATIONS.matcher(request.path());
                Function<ReceivedRequest, Reply> other = path.matches() ? others.get(path.group(1)) : null;
                Reply next = other != null ? null : scripted.poll();
                reply = other != null ? other.apply(request) : next != null ? next : otherwise.apply(request);
            }
            // no longer in flight once the answer starts: the client may send its next request on this
            // connection as soon as it has read it, before this thread gets back here
            send(exchange, reply, () -> release(holding));
        } finally {
            release(holding);
            exchange.close();
        }
    }

    /** The control plane's answer: the endpoint's status, or the error for one that does not exist. */
    private Reply describe(ReceivedRequest request) {
        describeCalls.incrementAndGet();
        Matcher name = DESCRIBED_NAME.matcher(new String(request.body(), StandardCharsets.UTF_8));
        String auth = request.authorization();
        if (!request.method().equals("POST") || !name.find() || auth == null || !auth.contains("/sagemaker/aws4_request")) {
            return refuse("not a signed DescribeEndpoint: " + request.method() + " " + request.path(),
                    Reply.error(400, "SerializationException", null));
        }
        String endpoint = name.group(1);
        if (!endpoint.equals(endpointName) && !others.containsKey(endpoint) && !statuses.containsKey(endpoint)) {
            return Reply.error(400, "ValidationException", "Could not find endpoint \"" + endpoint + "\".");
        }
        return Reply.json("{\"EndpointName\": \"" + endpoint + "\", \"EndpointArn\": "
                + "\"arn:aws:sagemaker:eu-west-1:000000000000:endpoint/" + endpoint + "\", \"EndpointStatus\": \""
                + statuses.getOrDefault(endpoint, "InService") + "\", \"CreationTime\": 1.7E9, \"LastModifiedTime\": 1.7E9}");
    }

    /** An error reply when the request breaks the protocol, null when it is fine. */
    private Reply check(ReceivedRequest request) {
        Matcher path = INVOCATIONS.matcher(request.path());
        if (!request.method().equals("POST") || !path.matches()) {
            return refuse(request.method() + " " + request.path() + " is not InvokeEndpoint",
                    Reply.error(404, "UnknownOperationException", null));
        }
        if (!path.group(1).equals(endpointName) && !others.containsKey(path.group(1))) {
            return Reply.unknownEndpoint(path.group(1)); // a misconfigured client, not a protocol error
        }
        String auth = request.authorization();
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !auth.contains("/sagemaker/aws4_request")
                || !auth.contains("Signature=") || request.header("x-amz-date") == null) {
            return refuse("not signed with SigV4 for sagemaker: " + auth,
                    Reply.error(403, "MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        if (request.image() == null) {
            return refuse("the body is not a " + request.contentType() + " image the model can read",
                    Reply.error(400, "ValidationError", "Unable to decode the input image"));
        }
        return null;
    }

    private Reply refuse(String problem, Reply reply) {
        protocolErrors.add(problem);
        return reply;
    }

    private void release(AtomicBoolean holding) {
        if (holding.compareAndSet(true, false)) {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, Reply reply, Runnable answering) throws IOException {
        if (!reply.delay.isZero()) {
            try {
                Thread.sleep(reply.delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        answering.run();
        if (reply.drop) {
            return; // closing the exchange before any header was sent drops the connection
        }
        byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-" + System.nanoTime());
        reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One request as received, with the image it carried decoded (null when it could not be). */
    public record ReceivedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
            BufferedImage image) {
        static ReceivedRequest of(HttpExchange exchange, byte[] body) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String contentType = headers.getOrDefault("Content-Type", List.of("")).get(0);
            return new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body,
                    decode(contentType, body));
        }

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String authorization() {
            return header("Authorization");
        }

        public int imageWidth() {
            return image == null ? -1 : image.getWidth();
        }

        public int imageHeight() {
            return image == null ? -1 : image.getHeight();
        }

        private static BufferedImage decode(String contentType, byte[] body) {
            String type = contentType.toLowerCase(Locale.ROOT);
            byte[] jpeg = null;
            if (type.startsWith("image/jpeg")) {
                jpeg = body;
            } else if (type.startsWith("application/json")) {
                Matcher json = JSON_IMAGE.matcher(new String(body, StandardCharsets.UTF_8));
                if (json.matches()) {
                    try {
                        jpeg = Base64.getDecoder().decode(json.group(1));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
            }
            if (jpeg == null || jpeg.length < 2 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
                return null; // not JPEG (its SOI marker), whatever ImageIO might still make of it
            }
            try {
                return ImageIO.read(new ByteArrayInputStream(jpeg));
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** What the endpoint answers to one request. */
    public static final class Reply {
        final int status;
        final String contentType;
        final String body;
        final Map<String, String> headers;
        final Duration delay;
        final boolean drop;

        private Reply(int status, String contentType, String body, Map<String, String> headers, Duration delay, boolean drop) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.headers = headers;
            this.delay = delay;
            this.drop = drop;
        }

        /** 200 with {@code {"predictions": [...]}}. */
        public static Reply predictions(Detection... detections) {
            return json("{\"predictions\": " + list(detections) + "}");
        }

        /** 200 with a bare list of predictions, the origin's other shape. */
        public static Reply bareList(Detection... detections) {
            return json(list(detections));
        }

        /** 200 with this body as {@code application/json}, valid or not. */
        public static Reply json(String body) {
            return new Reply(200, "application/json", body, Map.of(), Duration.ZERO, false);
        }

        /** An AWS JSON-protocol error: the type in {@code x-amzn-ErrorType}, the message in the body. */
        public static Reply error(int status, String errorType, String message) {
            Map<String, String> headers = errorType == null ? Map.of() : Map.of("x-amzn-ErrorType", errorType);
            String body = message == null ? "{}" : "{\"message\": " + quote(message) + "}";
            return new Reply(status, "application/x-amz-json-1.1", body, headers, Duration.ZERO, false);
        }

        /** SageMaker's throttling answer: 400 with {@code ThrottlingException}. */
        public static Reply throttling() {
            return error(400, "ThrottlingException", "Rate exceeded");
        }

        /** A bare 429, as a proxy or an overloaded container may send. */
        public static Reply tooManyRequests() {
            return error(429, null, "Too Many Requests");
        }

        public static Reply internalFailure() {
            return error(500, "InternalFailure", "An internal error occurred");
        }

        public static Reply serviceUnavailable() {
            return error(503, "ServiceUnavailable", "Service unavailable");
        }

        /** The container failed: 424 {@code ModelError} with the container's own status and message. */
        public static Reply modelError(int originalStatus, String originalMessage) {
            String message = "Received server error (" + originalStatus + ") from primary with message \"" + originalMessage + "\"";
            String body = "{\"message\": " + quote(message) + ", \"OriginalStatusCode\": " + originalStatus
                    + ", \"OriginalMessage\": " + quote(originalMessage)
                    + ", \"LogStreamArn\": \"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/sagemaker/Endpoints/fake\"}";
            return new Reply(424, "application/x-amz-json-1.1", body, Map.of("x-amzn-ErrorType", "ModelError"),
                    Duration.ZERO, false);
        }

        /** What SageMaker says for an endpoint name it does not know. */
        public static Reply unknownEndpoint(String name) {
            return error(400, "ValidationError", "Endpoint " + name + " of account 123456789012 not found.");
        }

        /** Closes the connection without answering. */
        public static Reply dropConnection() {
            return new Reply(0, "", "", Map.of(), Duration.ZERO, true);
        }

        /** The same reply, sent only after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, contentType, body, headers, delay, drop);
        }

        private static String list(Detection... detections) {
            List<String> items = new ArrayList<>();
            for (Detection d : detections) {
                items.add("{\"class_name\": " + quote(d.className()) + ", \"confidence\": " + number(d.confidence())
                        + ", \"bbox\": {\"x1\": " + number(d.box().x1()) + ", \"y1\": " + number(d.box().y1())
                        + ", \"x2\": " + number(d.box().x2()) + ", \"y2\": " + number(d.box().y2()) + "}}");
            }
            return "[" + String.join(", ", items) + "]";
        }

        /** As Python's json.dumps writes it, NaN and Infinity included. */
        private static String number(double value) {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "Infinity" : "-Infinity";
            }
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        }

        private static String quote(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
