package dev.mlpipeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's MongoDB clients against the service's embedded database: the Node.js driver 7.x and
 * mongosh 2.x connect and do what the main backend does; what a standalone server cannot do answers
 * a standalone server's error; and none of it leaves an ERROR or a stack trace in the service's log.
 */
class MongoClientsIT {
    @TempDir
    Path dir;

    @Test
    void theNodeDriverAndMongoshDoTheMainBackendsWorkAndLeaveNoErrorInTheLog() throws Exception {
        try (ServiceProcess service = ServiceProcess.start("service", dir, Map.of("WORKER_AUTOSTART", "false"))) {
            String uri = service.mongoUri() + "/ml_pipeline";

            JsonNode node = NodeClients.node("main-backend.js", uri, "ml_pipeline");
            assertEquals(List.of("_id_", "location_2dsphere", "route_id_1_timestamp_1", "video_id_1_frame_number_1"),
                    strings(node.get("frameIndexes")), node.toString());
            assertEquals(2, node.get("insertFrames").asInt(), node.toString());
            assertEquals(11000, node.get("duplicateFrame").get("code").asInt(), "the unique frame index holds");
            assertEquals("from node", node.get("findVideo").asText());
            assertEquals(1, node.get("updateVideo").asInt());
            assertEquals(2, node.get("aggregateFrames").get(0).get("frames").asInt(), node.toString());
            assertEquals(1, node.get("aggregateFrames").get(0).get("detections").asInt(), node.toString());
            assertEquals(1, node.get("countJobs").asInt());
            assertEquals("processing", node.get("sessionFind").asText(), "an explicit session works");
            assertFalse(node.get("dropMissing").asBoolean(), "dropping a missing collection is no error");
            assertEquals(20, node.get("transaction").get("code").asInt(), node.toString());
            assertTrue(node.get("transaction").get("error").asText().contains("replica set"), node.toString());
            assertEquals(40573, node.get("changeStream").get("code").asInt(), node.toString());

            JsonNode shell = NodeClients.mongosh(uri, "mongosh-main-backend.js");
            assertEquals("from mongosh", shell.get("findVideo").asText(), shell.toString());
            assertEquals(1, shell.get("updateVideo").asInt(), shell.toString());
            assertEquals("cancelled", shell.get("aggregateJobs").get(0).get("_id").asText(), shell.toString());
            assertEquals(1, shell.get("countVideos").asInt(), shell.toString());
            assertFalse(shell.get("dropMissing").asBoolean(), shell.toString());
            assertEquals(40573, shell.get("changeStream").get("code").asInt(), shell.toString());

            // what the Node.js clients wrote is what the service and the Java driver read
            try (MainBackend backend = new MainBackend(service.mongoUri())) {
                Document video = backend.video(new ObjectId(node.get("videoId").asText()));
                assertEquals("processing", video.getString("status"));
                assertEquals(7, backend.jobs().find(new Document("status", "cancelled")).first().get("progress"),
                        "mongosh's NumberInt stays an int32");
            }
            // the jobs they wrote in the main backend's own words are shown as written
            JsonNode queued = service.client().get("/jobs?status=queued").body().get("jobs");
            assertEquals(1, queued.size(), queued.toString());
            assertEquals(node.get("videoId").asText(), queued.get(0).get("video_id").asText());
            JsonNode cancelled = service.client().get("/jobs?status=cancelled").body().get("jobs").get(0);
            assertEquals(7, cancelled.get("progress").asInt(), cancelled.toString());
            assertEquals("cancelled", service.client().get("/jobs/" + cancelled.get("_id").asText()).body()
                    .get("job").get("status").asText());

            ServiceClient.Reply created = service.client().post("/jobs",
                    "{\"video_id\": \"" + shell.get("videoId").asText() + "\"}");
            assertEquals(201, created.status(), created.body().toString());

            List<String> problems = service.output().stream()
                    .filter(line -> line.contains("ERROR") || line.startsWith("\tat ")).toList();
            assertEquals(List.of(), problems, service.outputText());
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText)
                .sorted().toList();
    }
}
