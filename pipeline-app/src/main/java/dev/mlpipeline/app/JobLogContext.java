package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.service.JobHandler;
import dev.mlpipeline.core.service.TaskContext;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The handler the worker runs, with the job's id and its video's id in the logging MDC ({@code job_id},
 * {@code video_id}) on the worker's thread for the whole of each attempt, from its claim to its recorded
 * outcome; {@link #TASKS}, the {@link TaskContext} of the worker and the annotator, copies them onto the
 * threads that work for the job (lease renewals, decoder, inference, frame images): with
 * {@code LOG_FORMAT=json} every line about a job carries them as fields.
 */
final class JobLogContext extends ForwardingJobHandler {
    /** Carries the calling thread's MDC onto the task's thread, and clears it after. */
    static final TaskContext TASKS = JobLogContext::carried;

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

    /** The task with the MDC of the calling thread (none: it runs as it is), the thread's own put back after. */
    private static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            return task;
        }
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(context);
            try {
                task.run();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    private static void within(Job job, Runnable work) {
        try (MDC.MDCCloseable jobId = MDC.putCloseable(JOB_ID, job.id().toString());
                MDC.MDCCloseable videoId = MDC.putCloseable(VIDEO_ID, job.videoId().toString())) {
            work.run();
        }
    }
}
