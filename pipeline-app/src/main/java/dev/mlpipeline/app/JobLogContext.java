package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.service.JobHandler;
import org.slf4j.MDC;

/**
 * The handler the worker runs, with the job's id and its video's id in the logging MDC ({@code job_id},
 * {@code video_id}) on the worker's thread for the whole of each attempt, from its claim to its recorded
 * outcome: with {@code LOG_FORMAT=json} every such line carries them as fields.
 */
final class JobLogContext extends ForwardingJobHandler {
    static final String JOB_ID = "job_id";
    static final String VIDEO_ID = "video_id";

    JobLogContext(JobHandler handler) {
        super(handler);
    }

    @Override
    public void around(Job job, Runnable attempt) {
        within(job, () -> super.around(job, attempt));
    }

    @Override
    public void abandoned(Job job, String error) {
        within(job, () -> super.abandoned(job, error));
    }

    private static void within(Job job, Runnable work) {
        try (MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString());
                MDC.MDCCloseable videoId = MDC.putCloseable(VIDEO_ID, job.videoId().toString())) {
            work.run();
        }
    }
}
