package dev.mlpipeline.http;

import static dev.mlpipeline.core.testing.Builders.T0;
import static dev.mlpipeline.core.testing.Builders.aPendingJob;
import static dev.mlpipeline.core.testing.Builders.aVideo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobStatus;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.Video;
import dev.mlpipeline.http.RunningApi.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRoutesTest {
    private static final String HEX_24 = "[0-9a-f]{24}";

    private final RunningApi api = new RunningApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void givenKnownVideo_whenPostingAJob_thenReturns201WithThePendingJob() {
        Video video = api.videos.add(aVideo().build());

        Reply reply = api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\"}");

        assertEquals(201, reply.status());
        assertTrue(reply.isJson(), reply.contentType());
        JsonNode body = reply.json();
        assertEquals(List.of("job", "created"), List.copyOf(Fields.names(body)));
        assertTrue(body.get("created").booleanValue());
        JsonNode job = body.get("job");
        assertTrue(job.get("_id").textValue().matches(HEX_24), job.toString());
        assertEquals(video.id().hex(), job.get("video_id").textValue());
        assertEquals("pending", job.get("status").textValue());
        assertEquals(0, job.get("progress").intValue());
        Job stored = api.jobs.findById(JobId.parse(job.get("_id").textValue())).orElseThrow();
        assertEquals(JobJson.of(stored).keySet(), Fields.names(job));
        assertFalse(job.has("completed_at"), "a field the job does not have is not made up, not even as null");
        assertFalse(job.has("result"));
        assertTrue(job.get("created_at").textValue().endsWith("Z"));
    }

    @Test
    void givenAJobOfTheVideoIsAlreadyOpen_whenPostingAgain_thenReturns200WithThatJob() {
        Video video = api.videos.add(aVideo().build());
        String first = api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\"}").json()
                .get("job").get("_id").textValue();

        Reply again = api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\"}");

        assertEquals(200, again.status());
        assertEquals(first, again.json().get("job").get("_id").textValue());
        assertEquals(false, again.json().get("created").booleanValue());
        assertEquals("A job for this video is already pending", again.json().get("message").textValue());
        assertEquals(1, api.get("/jobs").json().get("count").intValue());
    }

    @Test
    void givenACallbackUrl_whenPostingAJob_thenTheJobKeepsIt() {
        Video video = api.videos.add(aVideo().build());

        Reply reply = api.post("/jobs", "{\"video_id\": \"" + video.id().hex()
                + "\", \"callback_url\": \"https://receiver.example/hooks?team=7\"}");

        assertEquals(201, reply.status(), reply.body());
        assertEquals("https://receiver.example/hooks?team=7", reply.json().get("job").get("callback_url").textValue());
        Job stored = api.jobs.findById(JobId.parse(reply.json().get("job").get("_id").textValue())).orElseThrow();
        assertEquals("https://receiver.example/hooks?team=7", stored.callback().url());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"ftp://r.example/\" | callback_url must be an absolute http or https URL, was 'ftp://r.example/'",
        "\"https://ana:pw@receiver.example/\" | callback_url must not carry a user or password",
        "42 | callback_url must be a string: an absolute http or https URL",
        "\"\" | callback_url must be an absolute http or https URL of at most 2048 characters"})
    void givenABadCallbackUrl_whenPostingAJob_thenReturns400AndStoresNothing(String url, String error) {
        Video video = api.videos.add(aVideo().build());

        Reply reply = api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\", \"callback_url\": " + url + "}");

        assertEquals(400, reply.status());
        assertEquals(error, reply.json().get("error").textValue());
        assertEquals(0, api.get("/jobs").json().get("count").intValue());
    }

    private String createJob() {
        Video video = api.videos.add(aVideo().build());
        return api.post("/jobs", "{\"video_id\": \"" + video.id().hex() + "\"}").json().get("job").get("_id")
                .textValue();
    }

    @Test
    void givenAPendingJob_whenCancelling_thenReturns200WithTheCancelledJobAndItCannotBeCancelledTwice() {
        String id = createJob();

        Reply reply = api.post("/jobs/" + id + "/cancel", "");

        assertEquals(200, reply.status(), reply.body());
        assertEquals(List.of("job", "message"), List.copyOf(Fields.names(reply.json())));
        assertEquals("cancelled", reply.json().get("job").get("status").textValue());
        assertEquals("cancelled", api.get("/jobs/" + id).json().get("job").get("status").textValue());
        Reply again = api.post("/jobs/" + id + "/cancel", "");
        assertEquals(409, again.status());
        assertEquals("Job is cancelled; only a pending, claimed or processing job can be cancelled",
                again.json().get("error").textValue());
    }

    @Test
    void givenACancelledJob_whenRetrying_thenItIsPendingAgainAndARetryOfAPendingJobIs409() {
        String id = createJob();
        api.post("/jobs/" + id + "/cancel", "");

        Reply reply = api.post("/jobs/" + id + "/retry", "");

        assertEquals(200, reply.status(), reply.body());
        assertEquals("pending", reply.json().get("job").get("status").textValue());
        assertEquals("Job queued again", reply.json().get("message").textValue());
        Reply again = api.post("/jobs/" + id + "/retry", "");
        assertEquals(409, again.status());
        assertEquals("Job is pending; only a failed or cancelled job can be retried",
                again.json().get("error").textValue());
    }

    @Test
    void givenAnotherOpenJobOfTheVideo_whenRetrying_thenReturns409NamingIt() {
        Video video = api.videos.add(aVideo().build());
        String body = "{\"video_id\": \"" + video.id().hex() + "\"}";
        String old = api.post("/jobs", body).json().get("job").get("_id").textValue();
        api.post("/jobs/" + old + "/cancel", "");
        String newer = api.post("/jobs", body).json().get("job").get("_id").textValue();

        Reply reply = api.post("/jobs/" + old + "/retry", "");

        assertEquals(409, reply.status());
        assertEquals("Another job of this video is open: " + newer, reply.json().get("error").textValue());
        assertEquals("cancelled", api.get("/jobs/" + old).json().get("job").get("status").textValue());
    }

    @ParameterizedTest
    @CsvSource({"cancel, 404, Job not found", "retry, 404, Job not found"})
    void givenAnUnknownJob_whenCancellingOrRetrying_thenReturns404(String action, int status, String error) {
        Reply reply = api.post("/jobs/" + JobId.next(T0).hex() + "/" + action, "");

        assertEquals(status, reply.status());
        assertEquals(error, reply.json().get("error").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "retry"})
    void givenAMalformedJobId_whenCancellingOrRetrying_thenReturns400(String action) {
        Reply reply = api.post("/jobs/xyz/" + action, "");

        assertEquals(400, reply.status());
        assertEquals("invalid job id: must be 24 hex characters", reply.json().get("error").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cancel", "retry"})
    void givenAGetOfAnAction_thenReturns405SayingPostIsAllowed(String action) {
        Reply reply = api.get("/jobs/" + JobId.next(T0).hex() + "/" + action);

        assertEquals(405, reply.status());
        assertEquals("POST", reply.header("Allow"));
    }

    @Test
    void givenUpperCaseOrPaddedVideoId_whenPostingAJob_thenIdIsNormalised() {
        Video video = api.videos.add(aVideo().build());

        Reply reply = api.post("/jobs", "{\"video_id\": \" " + video.id().hex().toUpperCase() + " \"}");

        assertEquals(201, reply.status());
        assertEquals(video.id().hex(), reply.json().get("job").get("video_id").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"video_id\": null}", "{\"video_id\": \"\"}", "{\"other\": \"x\"}"})
    void givenMissingVideoId_thenReturns400VideoIdRequired(String body) {
        Reply reply = api.post("/jobs", body);

        assertError(reply, 400);
        assertEquals("video_id required", reply.json().get("error").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"video_id\": 123}", "{\"video_id\": true}", "{\"video_id\": [\"a\"]}",
            "{\"video_id\": {\"$oid\": \"65a1b2c3d4e5f6a7b8c9d0e1\"}}"})
    void givenVideoIdThatIsNotAString_thenReturns400(String body) {
        Reply reply = api.post("/jobs", body);

        assertError(reply, 400);
        assertTrue(reply.json().get("error").textValue().contains("video_id"), reply.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "65a1b2c3d4e5f6a7b8c9d0e", "65a1b2c3d4e5f6a7b8c9d0e1f", "zza1b2c3d4e5f6a7b8c9d0e1"})
    void givenMalformedVideoId_thenReturns400SayingWhatIsExpected(String videoId) {
        Reply reply = api.post("/jobs", "{\"video_id\": \"" + videoId + "\"}");

        assertError(reply, 400);
        assertEquals("invalid video_id: must be 24 hex characters", reply.json().get("error").textValue());
    }

    @Test
    void givenUnknownVideo_thenReturns404VideoNotFound() {
        Reply reply = api.post("/jobs", "{\"video_id\": \"65a1b2c3d4e5f6a7b8c9d0e1\"}");

        assertError(reply, 404);
        assertEquals("Video not found", reply.json().get("error").textValue());
        assertEquals(List.of(), api.jobs.list(Optional.empty(), 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "", "{\"video_id\": \"65a1b2c3d4e5f6a7b8c9d0e1\"} trailing",
            "{'video_id': 'x'}"})
    void givenBodyThatIsNotJson_thenReturns400(String body) {
        Reply reply = api.post("/jobs", body);

        assertError(reply, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"video_id\": \"65a1b2c3d4e5f6a7b8c9d0e1\"}]", "\"65a1b2c3d4e5f6a7b8c9d0e1\"",
            "42", "null", "true"})
    void givenJsonThatIsNotAnObject_thenReturns400(String body) {
        Reply reply = api.post("/jobs", body);

        assertError(reply, 400);
        assertEquals("request body must be a JSON object", reply.json().get("error").textValue());
    }

    @Test
    void givenDeeplyNestedJson_thenReturns400() {
        String body = "[".repeat(5_000) + "]".repeat(5_000);

        assertError(api.post("/jobs", body), 400);
    }

    @Test
    void givenExistingJob_whenGettingIt_thenReturns200WithTheJob() {
        Job job = aPendingJob().build();
        api.jobs.insert(job);

        Reply reply = api.get("/jobs/" + job.id().hex());

        assertEquals(200, reply.status());
        assertTrue(reply.isJson(), reply.contentType());
        assertEquals(List.of("job"), List.copyOf(Fields.names(reply.json())));
        JsonNode found = reply.json().get("job");
        assertEquals(job.id().hex(), found.get("_id").textValue());
        assertEquals(job.videoId().hex(), found.get("video_id").textValue());
        assertEquals("pending", found.get("status").textValue());
        assertEquals(RunningApi.JSON.valueToTree(JobJson.of(job)), found);
    }

    @Test
    void givenADocumentAnotherProgramWrote_whenGettingOrListingIt_thenItIsShownAsWritten() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_frames", 300);
        stats.put("detection_stats", Map.of("pothole", 2));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_id", "65a1b2c3d4e5f6a7b8c9d0ff");
        document.put("video_id", "65a1b2c3d4e5f6a7b8c9d0e1");
        document.put("status", "cancelled");
        document.put("progress", 42.5);
        document.put("cancelled_by", Map.of("user", "ana"));
        document.put("result", Map.of("annotated_video_url", "/uploads/annotated_a.mp4", "stats", stats));
        document.put("created_at", "2026-01-02T03:04:05");
        Job read = aPendingJob().status(JobStatus.of("cancelled")).build();
        api.jobs.insert(new Job(JobId.parse("65a1b2c3d4e5f6a7b8c9d0ff"), VideoId.parse("65a1b2c3d4e5f6a7b8c9d0e1"),
                read.status(), 42, null, read.createdAt(), read.updatedAt(), null, null, null, null, 0, null, null,
                false, null, document));
        JsonNode expected = RunningApi.JSON.valueToTree(document);

        assertEquals(expected, api.get("/jobs/65a1b2c3d4e5f6a7b8c9d0ff").json().get("job"));
        assertEquals(expected, api.get("/jobs?status=cancelled").json().get("jobs").get(0));
        assertEquals(expected, api.get("/jobs").json().get("jobs").get(0), "listed with every status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "65a1b2c3d4e5f6a7b8c9d0e", "65a1b2c3d4e5f6a7b8c9d0e1ff", "%20"})
    void givenMalformedJobId_thenReturns400(String id) {
        Reply reply = api.get("/jobs/" + id);

        assertError(reply, 400);
        assertEquals("invalid job id: must be 24 hex characters", reply.json().get("error").textValue());
    }

    @Test
    void givenUnknownJobId_thenReturns404JobNotFound() {
        Reply reply = api.get("/jobs/65a1b2c3d4e5f6a7b8c9d0e1");

        assertError(reply, 404);
        assertEquals("Job not found", reply.json().get("error").textValue());
    }

    @Test
    void givenSeveralJobs_whenListing_thenReturnsThemNewestFirstWithTheirCount() {
        List<String> oldestFirst = insertJobs(3);

        Reply reply = api.get("/jobs");

        assertEquals(200, reply.status());
        assertTrue(reply.isJson(), reply.contentType());
        JsonNode body = reply.json();
        assertEquals(List.of("jobs", "count"), List.copyOf(Fields.names(body)));
        assertEquals(3, body.get("count").intValue());
        assertEquals(body.get("jobs").size(), body.get("count").intValue());
        assertEquals(List.of(oldestFirst.get(2), oldestFirst.get(1), oldestFirst.get(0)), ids(body));
        assertEquals("pending", body.get("jobs").get(0).get("status").textValue());
    }

    @Test
    void givenNoJobs_whenListing_thenReturnsAnEmptyListAndZero() {
        JsonNode body = api.get("/jobs").json();

        assertEquals(0, body.get("count").intValue());
        assertTrue(body.get("jobs").isArray());
        assertEquals(0, body.get("jobs").size());
    }

    @Test
    void givenStatusFilter_whenListing_thenReturnsOnlyJobsWithThatStatus() {
        List<String> ids = insertJobs(3);
        Job claimed = api.jobs.claimNext("someone", T0.plusSeconds(60), QueueRules.defaults()).orElseThrow();

        JsonNode claimedOnly = api.get("/jobs?status=claimed").json();
        JsonNode pendingOnly = api.get("/jobs?status=pending").json();
        JsonNode none = api.get("/jobs?status=completed").json();

        assertEquals(List.of(claimed.id().hex()), ids(claimedOnly));
        assertEquals(1, claimedOnly.get("count").intValue());
        assertEquals(List.of(ids.get(2), ids.get(1)), ids(pendingOnly));
        assertEquals(0, none.get("count").intValue());
    }

    @Test
    void givenEmptyStatus_whenListing_thenReturnsEveryStatus() {
        insertJobs(2);
        api.jobs.claimNext("someone", T0.plusSeconds(60), QueueRules.defaults());

        assertEquals(2, api.get("/jobs?status=").json().get("count").intValue());
    }

    @Test
    void givenLimit_whenListing_thenReturnsAtMostThatManyNewestFirst() {
        List<String> ids = insertJobs(5);

        JsonNode body = api.get("/jobs?limit=2").json();

        assertEquals(2, body.get("count").intValue());
        assertEquals(List.of(ids.get(4), ids.get(3)), ids(body));
    }

    @Test
    void givenMoreThan100Jobs_whenListing_thenReturnsThe100Newest() {
        List<String> ids = insertJobs(105);

        JsonNode body = api.get("/jobs").json();

        assertEquals(100, body.get("count").intValue());
        assertEquals(100, body.get("jobs").size());
        assertEquals(ids.get(104), ids(body).get(0));
        assertEquals(ids.get(5), ids(body).get(99));
    }

    @ParameterizedTest
    @CsvSource({"0,1", "-1,1", "101,3", "99999999999,3", "2,2", "' 2 ',2", "'',3"})
    void givenAnyWholeNumberAsLimit_whenListing_thenItIsClampedInto1To100(String limit, int expected) {
        insertJobs(3);

        Reply reply = api.get("/jobs?limit=" + limit.strip());

        assertEquals(200, reply.status(), reply.body());
        assertEquals(expected, reply.json().get("count").intValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "2.5", "1e2"})
    void givenLimitThatIsNotAWholeNumber_thenReturns400(String limit) {
        Reply reply = api.get("/jobs?limit=" + limit);

        assertError(reply, 400);
        assertEquals("limit must be a whole number (clamped into 1..100)", reply.json().get("error").textValue());
    }

    @Test
    void givenAStatusWordOfAnotherProgram_whenListing_thenItFiltersOnIt() {
        insertJobs(2);
        Job queued = aPendingJob().status(JobStatus.of("queued")).createdAt(T0.plusSeconds(9)).build();
        api.jobs.insert(queued);

        assertEquals(List.of(queued.id().hex()), ids(api.get("/jobs?status=queued").json()));
        Reply none = api.get("/jobs?status=done");
        assertEquals(200, none.status(), none.body());
        assertEquals(0, none.json().get("count").intValue());
    }

    @Test
    void givenARepeatedKey_whenPostingAJob_thenTheLastOneWinsAsInTheOrigin() {
        api.videos.add(aVideo().id(VideoId.parse("65a1b2c3d4e5f6a7b8c9d0e1")).build());

        Reply reply = api.post("/jobs", "{\"video_id\": \"not an id\", \"video_id\": \"65a1b2c3d4e5f6a7b8c9d0e1\"}");

        assertEquals(201, reply.status(), reply.body());
        assertEquals("65a1b2c3d4e5f6a7b8c9d0e1", reply.json().get("job").get("video_id").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//jobs", "/jobs/", "///jobs"})
    void givenRepeatedOrTrailingSlashes_thenThePathIsTheSameAsWithOne(String path) {
        insertJobs(2);

        Reply reply = api.get(path);

        assertEquals(200, reply.status(), reply.body());
        assertEquals(2, reply.json().get("count").intValue());
    }

    @Test
    void givenRepeatedSlashesBeforeAJobId_thenTheJobIsShown() {
        String id = insertJobs(1).get(0);

        Reply reply = api.get("/jobs//" + id);

        assertEquals(200, reply.status(), reply.body());
        assertEquals(id, reply.json().get("job").get("_id").textValue());
    }

    private List<String> insertJobs(int count) {
        List<String> oldestFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = aPendingJob().createdAt(T0.plusSeconds(i)).build();
            api.jobs.insert(job);
            oldestFirst.add(job.id().hex());
        }
        return oldestFirst;
    }

    private static List<String> ids(JsonNode listing) {
        List<String> ids = new ArrayList<>();
        listing.get("jobs").forEach(job -> ids.add(job.get("_id").textValue()));
        return ids;
    }

    static void assertError(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.isJson(), "Content-Type " + reply.contentType());
        JsonNode error = reply.json().get("error");
        assertTrue(error != null && error.isTextual() && !error.textValue().isBlank(), reply.body());
    }
}
