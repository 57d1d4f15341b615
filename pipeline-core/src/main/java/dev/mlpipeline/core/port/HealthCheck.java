package dev.mlpipeline.core.port;

/** One part the service depends on, such as the database, checked on demand. Thread-safe. */
public interface HealthCheck {
    /**
     * A short name for the part, such as {@code mongodb}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether the part answers now; never throws.
     *
     * @return up or down, with a detail
     */
    Health check();

    /**
     * How a part is: up or down, and a short detail for a person to read.
     *
     * @param up whether the part answers
     * @param detail what was found, such as how long a ping took or why it failed
     */
    record Health(boolean up, String detail) {
        /**
         * A part that answers.
         *
         * @param detail what was found, such as how long a ping took
         * @return the health
         */
        public static Health up(String detail) {
            return new Health(true, detail);
        }

        /**
         * A part that does not answer.
         *
         * @param detail why, such as the error
         * @return the health
         */
        public static Health down(String detail) {
            return new Health(false, detail);
        }
    }
}
