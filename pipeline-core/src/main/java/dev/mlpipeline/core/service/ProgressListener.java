package dev.mlpipeline.core.service;

/** Hears how far a video has got; called from the encoding thread, at most once per progress interval. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Hears how far the video has got. {@code framesExpected} is the container's claim and may be 0
     * (unknown) or wrong.
     *
     * @param framesDone how many frames were decoded and written so far
     * @param framesExpected how many frames the container claims, 0 when unknown
     */
    void progress(long framesDone, long framesExpected);

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, expected) -> { };
}
