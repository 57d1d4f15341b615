package dev.mlpipeline.core.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A job's webhook: the URL its end is posted to ({@code callback_url}), and every delivery made so far,
 * oldest first, across all of the job's ends (a retried job ends again). Immutable.
 */
public record Callback(String url, List<CallbackDelivery> deliveries) {
    public Callback {
        Objects.requireNonNull(url, "url");
        deliveries = List.copyOf(deliveries);
    }

    /** The longest URL taken: longer ones are a client's mistake, not an address. */
    public static final int MAX_URL_LENGTH = 2048;

    /** A callback to {@code url} with no delivery yet. */
    public static Callback to(String url) {
        return new Callback(url, List.of());
    }

    /**
     * A callback to {@code url} as a client gave it: an absolute {@code http} or {@code https} URL with a
     * host, and no user information (a secret in a URL ends up in logs). Throws
     * {@link InvalidInputException} otherwise.
     */
    public static Callback parse(String url) {
        String rule = "callback_url must be an absolute http or https URL";
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw new InvalidInputException(rule + " of at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(rule + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidInputException(rule + ", was '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("callback_url must not carry a user or password");
        }
        return to(uri.toString());
    }

    /** The same callback with one more delivery recorded. */
    public Callback with(CallbackDelivery delivery) {
        List<CallbackDelivery> more = new ArrayList<>(deliveries);
        more.add(delivery);
        return new Callback(url, more);
    }
}
