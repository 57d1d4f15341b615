package dev.mlpipeline.app;

import dev.mlpipeline.core.service.CallbackSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How job ends are posted to their {@code callback_url}s: {@code WEBHOOK_SECRET} signs each body
 * (unsigned without it), {@code WEBHOOK_MAX_ATTEMPTS} tries per end, the first retry after
 * {@code WEBHOOK_RETRY_SECONDS} (tripled per try, at most an hour), each POST bounded by
 * {@code WEBHOOK_TIMEOUT_SECONDS}.
 */
record WebhookConfig(Optional<String> secret, Duration timeout, int maxAttempts, Duration firstRetry) {
    static final int MIN_SECRET_LENGTH = 16;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Unsigned, with the default tries and times. */
    static WebhookConfig defaults() {
        return from(new Environment(Map.of()));
    }

    static WebhookConfig from(Environment env) {
        Optional<String> secret = env.get("WEBHOOK_SECRET");
        if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
            throw new ConfigException("Invalid WEBHOOK_SECRET: use at least " + MIN_SECRET_LENGTH
                    + " characters, so that a signature cannot be guessed from a few tries");
        }
        return new WebhookConfig(secret,
                Duration.ofMillis(Math.round(env.decimal("WEBHOOK_TIMEOUT_SECONDS",
                        DEFAULT_TIMEOUT.toSeconds(), 0.1, 300) * 1000)),
                env.integer("WEBHOOK_MAX_ATTEMPTS", CallbackSettings.DEFAULT_MAX_ATTEMPTS, 1, 100),
                Duration.ofMillis(Math.round(env.decimal("WEBHOOK_RETRY_SECONDS",
                        CallbackSettings.DEFAULT_FIRST_RETRY.toSeconds(), 0, 3600) * 1000)));
    }

    /**
     * The dispatcher's settings: it looks every {@code poll}, and holds a claim for twice the POST
     * time-out plus a margin, so that a claim never runs out under a POST still in flight.
     */
    CallbackSettings settings(Duration poll) {
        return new CallbackSettings(poll, timeout.multipliedBy(2).plusSeconds(5), maxAttempts, firstRetry);
    }
}
