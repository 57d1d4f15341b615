package dev.mlpipeline.core.service;

/** Hears how far a video has got; called from the encoding thread, at most once per progress interval. */
@FunctionalInterface
public interface ProgressListener {
    /** {@code framesExpected} is the container's claim and may be 0 (unknown) or wrong. */
    void progress(long framesDone, long framesExpected);

    ProgressListener NONE = (done, expected) -> { };
}
