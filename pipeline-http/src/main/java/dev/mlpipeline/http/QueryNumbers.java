package dev.mlpipeline.http;

import java.math.BigInteger;

/** Whole numbers in query strings, read leniently: any size is clamped into the range asked for. */
final class QueryNumbers {
    private QueryNumbers() {
    }

    /**
     * {@code raw} clamped into {@code min..max}, or {@code fallback} when absent or blank; a value that is
     * not a whole number is a 400 saying {@code rule}.
     */
    static int clamped(String raw, int min, int max, int fallback, String rule) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        if (!raw.strip().matches("[+-]?\\d+")) {
            throw ApiException.badRequest(rule);
        }
        return new BigInteger(raw.strip()).max(BigInteger.valueOf(min)).min(BigInteger.valueOf(max)).intValue();
    }
}
