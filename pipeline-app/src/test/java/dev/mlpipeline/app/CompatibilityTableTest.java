package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential table of docs/compatibility.md, run: each request in order against a running
 * service (worker stopped), checking the status and every fragment of ml-pipeline's column. A row
 * that the code no longer answers as documented fails here, so the page cannot drift from the code.
 */
class CompatibilityTableTest {
    private static final Path TABLE = Path.of("..", "docs", "compatibility.md");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\|(.*)\\|(.*)\\|(.*)\\|(.*)\\|$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z-]+): (.+)");
    private static final String PAGE_ORIGIN = "http://localhost:3000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> names = new LinkedHashMap<>();

    @Test
    void everyRowOfTheTableIsWhatTheServiceAnswers() throws Exception {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 25, "the table has " + rows.size() + " rows");
        AppConfig config = new AppConfig("127.0.0.1", 0, Optional.empty(), "ml_pipeline", dir.resolve("uploads"),
                dir.resolve("data"), 0, Duration.ofMillis(100), QueueRules.defaults(), false, HttpSettings.ANY_ORIGIN, Optional.empty(),
                WebhookConfig.defaults(),
                StorageConfig.defaults(dir),
                ProcessingConfig.from(new Environment(Map.of())));
        try (Application app = Application.start(config)) {
            mainBackendWrites(app.mongoUri());
            for (Row row : rows) {
                check(app.port(), row);
            }
        }
    }

    private void mainBackendWrites(String uri) {
        ObjectId video = new ObjectId();
        ObjectId video2 = new ObjectId();
        ObjectId queued = new ObjectId();
        try (MongoClient mongo = MongoClients.create(uri)) {
            MongoDatabase db = mongo.getDatabase("ml_pipeline");
            for (ObjectId id : List.of(video, video2)) {
                db.getCollection("videos").insertOne(new Document("_id", id).append("storage_url", "/uploads/a.mp4"));
            }
            db.getCollection("processing_jobs").insertOne(new Document("_id", queued).append("video_id", video2)
                    .append("status", "queued").append("requested_by", "ana")
                    .append("created_at", "2026-01-02T03:04:05"));
        }
        names.put("<video>", video.toHexString());
        names.put("<video2>", video2.toHexString());
        names.put("<queued-job>", queued.toHexString());
        names.put("<unknown-video>", new ObjectId().toHexString());
        names.put("<unknown-job>", new ObjectId().toHexString());
        names.put("<200 KiB>", "x".repeat(200 * 1024));
    }

    private void check(int port, Row row) throws IOException, InterruptedException {
        String[] request = named(row.request()).split(" ", 3);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request[1]))
                .timeout(Duration.ofSeconds(30));
        String body = request.length > 2 ? request[2] : "";
        builder.method(request[0], body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            builder.header("Content-Type", "application/json");
        }
        if (row.fromAnotherOrigin()) {
            builder.header("Origin", PAGE_ORIGIN);
            if (request[0].equals("OPTIONS")) {
                builder.header("Access-Control-Request-Method", "POST");
                builder.header("Access-Control-Request-Headers", "content-type");
            }
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        String answer = compact(response.body());
        String where = "row " + row.number() + " (" + row.request() + "): " + response.statusCode() + " " + answer;

        assertEquals(Integer.parseInt(row.expected().get(0)), response.statusCode(), where);
        for (String fragment : row.expected().subList(1, row.expected().size())) {
            Matcher header = HEADER.matcher(fragment);
            if (header.matches()) {
                String value = response.headers().allValues(header.group(1)).toString();
                assertTrue(value.contains(header.group(2)), where + "\nheader " + header.group(1) + " is " + value);
            } else {
                assertTrue(answer.contains(named(fragment)), where + "\nlacks " + named(fragment));
            }
        }
        if (row.request().startsWith("POST /jobs") && !names.containsKey("<job>") && response.statusCode() == 201) {
            names.put("<job>", JSON.readTree(response.body()).get("job").get("_id").asText());
        }
    }

    private String named(String text) {
        String named = text;
        for (Map.Entry<String, String> name : names.entrySet()) {
            named = named.replace(name.getKey(), name.getValue());
        }
        return named;
    }

    private static String compact(String body) {
        try {
            return JSON.writeValueAsString(JSON.readTree(body));
        } catch (IOException e) {
            return body;
        }
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                List<String> expected = codes(row.group(4));
                rows.add(new Row(Integer.parseInt(row.group(1)), codes(row.group(2)).get(0),
                        row.group(2).contains("another origin"), expected));
            }
        }
        return rows;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    private record Row(int number, String request, boolean fromAnotherOrigin, List<String> expected) {
    }
}
