package dev.mlpipeline.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailurePolicyTest {
    private final FailurePolicy policy = FailurePolicy.defaults();

    @Test
    void theDefaultsAreTheOriginsRatioAndFiveFrames() {
        assertEquals(new FailurePolicy(0.1, 5, 5), policy);
    }

    @Test
    void aModelThatFailedEveryOneOfTheFirstFiveSamplesNeverAnswered() {
        assertFalse(policy.neverAnswered(4, 4), "four failures are not yet five");
        assertTrue(policy.neverAnswered(5, 5));
        assertFalse(policy.neverAnswered(6, 5), "it answered one frame before failing five in a row");
    }

    @ParameterizedTest
    @CsvSource({"0, 100, false", "10, 100, false", "11, 100, true", "1, 1, true", "1, 10, false", "0, 0, false"})
    void tooManyMeansMoreThanTheAllowedShare(long failed, long sampled, boolean expected) {
        assertEquals(expected, policy.tooMany(failed, sampled));
    }

    @Test
    void aRatioOfOneAllowsEveryFrameToFail() {
        assertFalse(FailurePolicy.withMaxFailedRatio(1).tooMany(100, 100));
    }

    @Test
    void stopsEarlyOnlyWhenTheShareIsCertainAgainstTheAnnouncedSamplesAndEnoughFramesFailed() {
        assertFalse(policy.certainlyTooMany(4, 4, 20), "fewer than five failures are no evidence");
        assertTrue(policy.certainlyTooMany(5, 6, 20), "5 of at most 20 is more than 10%");
        assertFalse(policy.certainlyTooMany(5, 6, 100), "5 of 100 would still be within 10%");
        assertFalse(policy.certainlyTooMany(50, 60, 0), "a container that announces nothing gives no estimate");
        assertTrue(policy.certainlyTooMany(30, 200, 100), "more came back than announced: the count so far counts");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> FailurePolicy.withMaxFailedRatio(1.5));
        assertThrows(IllegalArgumentException.class, () -> FailurePolicy.withMaxFailedRatio(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FailurePolicy(0.1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new FailurePolicy(0.1, 5, 0));
    }
}
