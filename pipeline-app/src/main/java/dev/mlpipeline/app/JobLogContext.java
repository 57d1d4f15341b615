package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.service.JobContext;
import dev.mlpipeline.core.service.JobHandler;
import dev.mlpipeline.core.service.Outcome;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The handler the worker runs, with the job's id and its video's id in the logging MDC ({@code job_id},
 * {@code video_id}) on the worker's thread for the whole of each attempt, from its claim to its recorded
 * outcome: with {@code LOG_FORMAT=json} every such line carries them as fields.
 */
final class JobLogContext implements JobHandler {
    static final String JOB_ID = "job_id";
    static final String VIDEO_ID = "video_id";

    private final JobHandler handler;

    JobLogContext(JobHandler handler) {
        this.handler = handler;
    }

    @Override
    public void around(Job job, Runnable attempt) {
        within(job, () -> handler.around(job, attempt));
    }

    @Override
    public Outcome process(Job job, JobContext context) {
        return handler.process(job, context);
    }

    @Override
    public void recorded(Job job, LeaseToken token, Outcome outcome) {
        handler.recorded(job, token, outcome);
    }

    @Override
    public void rejected(Job job, LeaseToken token, Outcome outcome) {
        handler.rejected(job, token, outcome);
    }

    @Override
    public void abandoned(Job job, String error) {
        within(job, () -> handler.abandoned(job, error));
    }

    @Override
    public Optional<String> notReady() {
        return handler.notReady();
    }

    @Override
    public void sweep() {
        handler.sweep();
    }

    private static void within(Job job, Runnable work) {
        try (MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString());
                MDC.MDCCloseable videoId = MDC.putCloseable(VIDEO_ID, job.videoId().toString())) {
            work.run();
        }
    }
}
