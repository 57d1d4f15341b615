package dev.mlpipeline.app;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.LeaseToken;
import dev.mlpipeline.core.service.JobContext;
import dev.mlpipeline.core.service.JobHandler;
import dev.mlpipeline.core.service.Outcome;
import java.util.Optional;

/** A handler that passes every call on to another: the base of the app's decorators of the processor. */
abstract class ForwardingJobHandler implements JobHandler {
    private final JobHandler handler;

    ForwardingJobHandler(JobHandler handler) {
        this.handler = handler;
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
    public void cancelled(Job job, LeaseToken token) {
        handler.cancelled(job, token);
    }

    @Override
    public void abandoned(Job job, String error) {
        handler.abandoned(job, error);
    }

    @Override
    public void around(Job job, Runnable attempt) {
        handler.around(job, attempt);
    }

    @Override
    public Optional<String> notReady() {
        return handler.notReady();
    }

    @Override
    public void sweep() {
        handler.sweep();
    }
}
