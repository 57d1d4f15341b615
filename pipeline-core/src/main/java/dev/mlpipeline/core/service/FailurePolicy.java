package dev.mlpipeline.core.service;

/**
 * When failed inference fails a whole run, rather than leaving some frames without boxes. A model
 * that cannot be reached at all ({@code InferenceUnavailableException}) stops a run at once whatever
 * the policy; otherwise, as sampled frames come back:
 * <ol>
 * <li><b>never answered</b>: a model that failed each of the first {@code firstAnswerWithin} sampled
 * frames has not answered once, and more frames will not change that;</li>
 * <li><b>too many</b>: a run fails when more than {@code maxFailedRatio} of its sampled frames failed.
 * That is checked at the end, and early as soon as the share is certain to be passed against the
 * number of samples the container announces, once at least {@code minFailuresToStopEarly} frames
 * have failed: a container's count can be far too low, so a few failures alone are no evidence.</li>
 * </ol>
 * Immutable.
 *
 * @param maxFailedRatio the share of failed sampled frames a run may have, in [0, 1]
 * @param firstAnswerWithin how many sampled frames a model may fail from the first before it counts as never
 *     answering
 * @param minFailuresToStopEarly how many frames must have failed before a run stops early
 */
public record FailurePolicy(double maxFailedRatio, int firstAnswerWithin, int minFailuresToStopEarly) {
    /** The share of failed sampled frames a run may have, the origin's MAX_FAILED_FRAME_RATIO. */
    public static final double DEFAULT_MAX_FAILED_RATIO = 0.1;
    /** The {@code firstAnswerWithin} of the default policy. */
    public static final int DEFAULT_FIRST_ANSWER_WITHIN = 5;
    /** The {@code minFailuresToStopEarly} of the default policy. */
    public static final int DEFAULT_MIN_FAILURES_TO_STOP_EARLY = 5;

    /**
     * Checks the policy.
     *
     * @param maxFailedRatio the share of failed frames allowed, in [0, 1]
     * @param firstAnswerWithin the frames a model may fail from the first, at least 1
     * @param minFailuresToStopEarly the failures before a run stops early, at least 1
     * @throws IllegalArgumentException when a value is out of its range
     */
    public FailurePolicy {
        if (!(maxFailedRatio >= 0 && maxFailedRatio <= 1)) {
            throw new IllegalArgumentException("maxFailedRatio must be in [0, 1], was " + maxFailedRatio);
        }
        if (firstAnswerWithin < 1) {
            throw new IllegalArgumentException("firstAnswerWithin must be at least 1, was " + firstAnswerWithin);
        }
        if (minFailuresToStopEarly < 1) {
            throw new IllegalArgumentException("minFailuresToStopEarly must be at least 1, was "
                    + minFailuresToStopEarly);
        }
    }

    /**
     * The default policy: the origin's share of failed frames, {@link #DEFAULT_MAX_FAILED_RATIO}.
     *
     * @return the policy
     */
    public static FailurePolicy defaults() {
        return withMaxFailedRatio(DEFAULT_MAX_FAILED_RATIO);
    }

    /**
     * The default policy with another share of failed frames allowed.
     *
     * @param maxFailedRatio the share of failed frames allowed, in [0, 1]
     * @return the policy
     * @throws IllegalArgumentException when {@code maxFailedRatio} is not in [0, 1]
     */
    public static FailurePolicy withMaxFailedRatio(double maxFailedRatio) {
        return new FailurePolicy(maxFailedRatio, DEFAULT_FIRST_ANSWER_WITHIN, DEFAULT_MIN_FAILURES_TO_STOP_EARLY);
    }

    /**
     * Whether {@code consecutiveFailures} failures, every sampled frame so far, mean the model never answers.
     *
     * @param sampled how many sampled frames came back so far
     * @param consecutiveFailures how many of them failed in a row, up to the last
     * @return true when every sampled frame failed and there are at least {@code firstAnswerWithin}
     */
    public boolean neverAnswered(long sampled, long consecutiveFailures) {
        return consecutiveFailures >= firstAnswerWithin && sampled == consecutiveFailures;
    }

    /**
     * Whether {@code failed} of {@code sampled} frames is more than the allowed share.
     *
     * @param failed how many sampled frames failed
     * @param sampled how many frames were sampled
     * @return true when at least one failed and more than {@code maxFailedRatio} of {@code sampled} did
     */
    public boolean tooMany(long failed, long sampled) {
        return failed > 0 && failed > maxFailedRatio * sampled;
    }

    /**
     * Whether the run is sure to end with too many failures: {@code expectedSamples} is what the
     * container announces (0 when it does not say), {@code sampled} how many came back so far.
     *
     * @param failed how many sampled frames failed so far
     * @param sampled how many sampled frames came back so far
     * @param expectedSamples how many samples the container announces, 0 when it does not say
     * @return true when the container says, at least {@code minFailuresToStopEarly} frames failed, and they
     *     are too many even of all the samples expected
     */
    public boolean certainlyTooMany(long failed, long sampled, long expectedSamples) {
        return expectedSamples > 0 && failed >= minFailuresToStopEarly
                && tooMany(failed, Math.max(expectedSamples, sampled));
    }
}
