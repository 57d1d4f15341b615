package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.service.JobHandler;
import dev.mlpipeline.core.service.Outcome;

/**
 * Wakes the callback dispatcher whenever the worker settles a job's end (recorded, cancelled, given up),
 * so that a job's end is posted at once rather than at the dispatcher's next look.
 */
final class CallbackWakeup extends ForwardingJobHandler {
    private final Runnable wake;

    CallbackWakeup(JobHandler handler, Runnable wake) {
        super(handler);
        this.wake = wake;
    }

    @Override
    public void recorded(Job job, LeaseToken token, Outcome outcome) {
        try {
            super.recorded(job, token, outcome);
        } finally {
            wake.run();
        }
    }

    @Override
    public void cancelled(Job job, LeaseToken token) {
        try {
            super.cancelled(job, token);
        } finally {
            wake.run();
        }
    }

    @Override
    public void abandoned(Job job, String error) {
        try {
            super.abandoned(job, error);
        } finally {
            wake.run();
        }
    }
}
