package dev.mlpipeline.core.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** MongoDB-compatible 12-byte ids (seconds, 5 random bytes, counter), made without the driver. */
public final class ObjectIds {
    private static final Pattern HEX_24 = Pattern.compile("[0-9a-fA-F]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS_UNIQUE = new byte[5];
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());

    static {
        RANDOM.nextBytes(PROCESS_UNIQUE);
    }

    private ObjectIds() {
    }

    /**
     * Whether {@code hex} can be an id.
     *
     * @param hex the text to check, or null
     * @return true for 24 hex digits, in any case; false for null
     */
    public static boolean isValid(String hex) {
        return hex != null && HEX_24.matcher(hex).matches();
    }

    /**
     * A new id whose leading seconds come from {@code now}, so ids sort roughly by creation. Thread-safe:
     * ids made in one process differ by their counter, and processes by their random bytes.
     *
     * @param now the creation time, not null
     * @return the id as 24 lower-case hex digits
     */
    public static String next(Instant now) {
        byte[] bytes = new byte[12];
        int seconds = (int) now.getEpochSecond();
        int counter = COUNTER.getAndIncrement();
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (seconds >>> (24 - 8 * i));
        }
        System.arraycopy(PROCESS_UNIQUE, 0, bytes, 4, 5);
        for (int i = 0; i < 3; i++) {
            bytes[9 + i] = (byte) (counter >>> (16 - 8 * i));
        }
        return HexFormat.of().formatHex(bytes);
    }
}
