package dev.mlpipeline.http;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.port.CallbackSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts a job's end as JSON, {@code {"event", "delivery_id", "sent_at", "job"}} with the job as
 * {@code GET /jobs/<id>} shows it. With a secret, the body is signed as GitHub signs its webhooks:
 * {@code X-Signature-256: sha256=<hex of HMAC-SHA256(secret, body)>}. Redirects are not followed (a
 * receiver that moved says so with its status, which is recorded). Thread-safe.
 */
public final class WebhookSender implements CallbackSender {
    static final String SIGNATURE = "X-Signature-256";
    static final String EVENT = "X-ML-Pipeline-Event";
    static final String DELIVERY = "X-ML-Pipeline-Delivery";

    private final Optional<byte[]> secret;
    private final Duration timeout;
    private final HttpClient client;

    /** {@code secret} signs every body (empty: unsigned); {@code timeout} bounds each POST, connecting included. */
    public WebhookSender(Optional<String> secret, Duration timeout) {
        this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public int send(Job job, String event, String deliveryId) throws IOException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event);
        payload.put("delivery_id", deliveryId);
        payload.put("sent_at", Instant.now().toString());
        payload.put("job", JobJson.of(job));
        byte[] body = Json.bytes(payload);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(job.callback().url()));
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL the client can call: " + e.getMessage(), e);
        }
        request.timeout(timeout)
                .header("Content-Type", Json.CONTENT_TYPE)
                .header("User-Agent", "ml-pipeline")
                .header(EVENT, event)
                .header(DELIVERY, deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        secret.ifPresent(key -> request.header(SIGNATURE, signature(key, body)));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code sha256=<hex>}: the HMAC-SHA256 of {@code body} under {@code key}. */
    static String signature(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every JVM has HmacSHA256, and any non-empty key fits it
            throw new IllegalStateException("cannot sign with HmacSHA256", e);
        }
    }
}
