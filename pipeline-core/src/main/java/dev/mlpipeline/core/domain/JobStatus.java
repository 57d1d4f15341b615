package dev.mlpipeline.core.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A job's state, written on the wire with the origin's words. */
public enum JobStatus {
    PENDING("pending"),
    CLAIMED("claimed"),
    PROCESSING("processing"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String wire;

    JobStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    public static JobStatus fromWire(String word) {
        for (JobStatus status : values()) {
            if (status.wire.equals(word)) {
                return status;
            }
        }
        throw new InvalidInputException("unknown status '" + word + "': expected one of "
                + Arrays.stream(values()).map(JobStatus::wire).collect(Collectors.joining(", ")));
    }
}
