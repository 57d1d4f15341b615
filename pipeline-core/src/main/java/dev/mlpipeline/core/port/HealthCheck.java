package dev.mlpipeline.core.port;

/** One part the service depends on, such as the database, checked on demand. Thread-safe. */
public interface HealthCheck {
    /** A short name for the part, such as {@code mongodb}. */
    String name();

    /** Whether the part answers now; never throws. */
    Health check();

    record Health(boolean up, String detail) {
        public static Health up(String detail) {
            return new Health(true, detail);
        }

        public static Health down(String detail) {
            return new Health(false, detail);
        }
    }
}
