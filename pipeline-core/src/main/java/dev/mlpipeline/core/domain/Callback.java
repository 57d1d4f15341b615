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
 *
 * @param url the URL the job's end is posted to
 * @param deliveries every POST made so far, oldest first; empty before the first
 */
public record Callback(String url, List<CallbackDelivery> deliveries) {
    /**
     * A callback as stored; {@link #parse} checks a URL that a client gave.
     *
     * @param url the URL the job's end is posted to, not null; taken as it is
     * @param deliveries the deliveries made so far, oldest first; copied
     * @throws NullPointerException when {@code url} or {@code deliveries} is null, or a delivery is
     */
    public Callback {
        Objects.requireNonNull(url, "url");
        deliveries = List.copyOf(deliveries);
    }

    /** The longest URL taken: longer ones are a client's mistake, not an address. */
    public static final int MAX_URL_LENGTH = 2048;

    /**
     * A callback to {@code url} with no delivery yet.
     *
     * @param url the URL to post the job's end to, not null; taken as it is
     * @return the callback, without deliveries
     * @throws NullPointerException when {@code url} is null
     */
    public static Callback to(String url) {
        return new Callback(url, List.of());
    }

    /**
     * A callback to {@code url} as a client gave it: an absolute {@code http} or {@code https} URL with a
     * host, and no user information (a secret in a URL ends up in logs). Throws
     * {@link InvalidInputException} otherwise.
     *
     * @param url the URL as the client gave it, or null; leading and trailing white space is ignored
     * @return a callback to the URL, without deliveries
     * @throws InvalidInputException when {@code url} is null, blank, longer than {@link #MAX_URL_LENGTH}
     *     characters, not an absolute {@code http} or {@code https} URL with a host, or carries a user
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

    /**
     * The same callback with one more delivery recorded.
     *
     * @param delivery the delivery to record, not null
     * @return a new callback with {@code delivery} after the deliveries so far; this one is unchanged
     * @throws NullPointerException when {@code delivery} is null
     */
    public Callback with(CallbackDelivery delivery) {
        List<CallbackDelivery> more = new ArrayList<>(deliveries);
        more.add(delivery);
        return new Callback(url, more);
    }
}
