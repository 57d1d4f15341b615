package dev.mlpipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.port.JobRepository;
import dev.mlpipeline.core.service.JobService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /jobs}, {@code GET /jobs/{id}}, {@code GET /jobs}, {@code POST /jobs/{id}/cancel} and
 * {@code POST /jobs/{id}/retry}. Failures are thrown for {@link ErrorMapper}.
 */
final class JobRoutes {
    private static final String LIMIT_RULE = "limit must be a whole number (clamped into 1.." + JobService.MAX_LIST + ")";

    private final JobService jobs;

    JobRoutes(JobService jobs) {
        this.jobs = jobs;
    }

    void create(Context ctx) {
        JsonNode request = Json.readObject(ctx.bodyAsBytes());
        JsonNode videoId = request.get("video_id");
        if (videoId == null || videoId.isNull()) {
            throw ApiException.badRequest("video_id required");
        }
        if (!videoId.isTextual()) {
            throw ApiException.badRequest("video_id must be a string of 24 hex characters");
        }
        JsonNode callbackUrl = request.get("callback_url");
        if (callbackUrl != null && !callbackUrl.isNull() && !callbackUrl.isTextual()) {
            throw ApiException.badRequest("callback_url must be a string: an absolute http or https URL");
        }
        JobRepository.Submission submission = jobs.create(videoId.textValue(),
                callbackUrl == null || callbackUrl.isNull() ? null : callbackUrl.textValue());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", JobJson.of(submission.job()));
        body.put("created", submission.created());
        if (!submission.created()) {
            // a double click, or a second client: the job already under way answers for both
            body.put("message", "A job for this video is already " + submission.job().status().wire());
        }
        Json.respond(ctx, submission.created() ? 201 : 200, body);
    }

    void show(Context ctx) {
        Job job = jobs.get(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("Job not found"));
        Json.respond(ctx, 200, Map.of("job", JobJson.of(job)));
    }

    void cancel(Context ctx) {
        JobRepository.Overridden change = jobs.cancel(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("Job not found"));
        if (!change.applied()) {
            throw ApiException.conflict("Job is " + change.job().status().wire()
                    + "; only a pending, claimed or processing job can be cancelled");
        }
        Json.respond(ctx, 200, changed(change.job(), "Job cancelled"));
    }

    void retry(Context ctx) {
        JobRepository.Overridden change = jobs.retry(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("Job not found"));
        if (change.videoHeldBy().isPresent()) {
            throw ApiException.conflict("Another job of this video is open: " + change.videoHeldBy().get().hex());
        }
        if (!change.applied()) {
            throw ApiException.conflict("Job is " + change.job().status().wire()
                    + "; only a failed or cancelled job can be retried");
        }
        Json.respond(ctx, 200, changed(change.job(), "Job queued again"));
    }

    private static Map<String, Object> changed(Job job, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", JobJson.of(job));
        body.put("message", message);
        return body;
    }

    void list(Context ctx) {
        List<Map<String, Object>> found = jobs.list(ctx.queryParam("status"), limit(ctx.queryParam("limit")))
                .stream().map(JobJson::of).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", found);
        body.put("count", found.size());
        Json.respond(ctx, 200, body);
    }

    /**
     * As lenient as the origin, which has no limit at all: a number outside 1..100 is clamped into it
     * (so is one too long for an int); only a value that is not a whole number is refused.
     */
    private static int limit(String raw) {
        return QueryNumbers.clamped(raw, 1, JobService.MAX_LIST, JobService.MAX_LIST, LIMIT_RULE);
    }
}
