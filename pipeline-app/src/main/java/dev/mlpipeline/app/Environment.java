package dev.mlpipeline.app;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The configuration variables: the process environment over a {@code .env} file's values, so that an
 * operator's exported variable always wins over the file. It notes each variable asked for with the
 * default it was asked with, so that a test holds the README's table against what the code does.
 */
final class Environment {
    /** How {@link #defaultsAsked()} shows a variable read without a default. */
    static final String UNSET = "unset";

    private final Map<String, String> values;
    private final Map<String, String> asked = new ConcurrentHashMap<>();

    Environment(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    static Environment load(Map<String, String> processEnv, Path dotEnv) {
        Map<String, String> merged = new HashMap<>();
        if (Files.isRegularFile(dotEnv)) {
            try {
                merged.putAll(parseDotEnv(Files.readAllLines(dotEnv)));
            } catch (IOException e) {
                throw new ConfigException("cannot read " + dotEnv.toAbsolutePath() + ": " + e);
            }
        }
        merged.putAll(processEnv);
        return new Environment(merged);
    }

    /** {@code KEY=value} lines; blank lines, {@code #} comments, {@code export} and quotes allowed. */
    static Map<String, String> parseDotEnv(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            values.put(key, value);
        }
        return values;
    }

    /** Each variable read so far, with the default it was read with ({@link #UNSET} when none). */
    Map<String, String> defaultsAsked() {
        return Map.copyOf(asked);
    }

    /** The value, or empty when the variable is unset or blank. */
    Optional<String> get(String name) {
        asked.putIfAbsent(name, UNSET);
        return value(name);
    }

    /** The value, or {@code fallback} when the variable is unset or blank. */
    String string(String name, String fallback) {
        asked.put(name, fallback);
        return value(name).orElse(fallback);
    }

    private Optional<String> value(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    int integer(String name, int fallback, int min, int max) {
        asked.put(name, Integer.toString(fallback));
        return bounded(name, Integer::parseInt, min, max, "a whole number").orElse(fallback);
    }

    /** A whole number when the variable is set, for a default the caller computes; the README says "unset". */
    OptionalInt integer(String name, int min, int max) {
        asked.putIfAbsent(name, UNSET);
        return bounded(name, Integer::parseInt, min, max, "a whole number").map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    double decimal(String name, double fallback, double min, double max) {
        asked.put(name, BigDecimal.valueOf(fallback).stripTrailingZeros().toPlainString());
        return bounded(name, Double::parseDouble, min, max, "a number").orElse(fallback);
    }

    private <T extends Comparable<T>> Optional<T> bounded(String name,
            Function<String, T> parse, T min, T max, String kind) {
        return value(name).map(text -> {
            try {
                T value = parse.apply(text);
                if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the variable's name
            }
            throw new ConfigException("Invalid " + name + " '" + text + "': must be " + kind + " from "
                    + min + " to " + max);
        });
    }

    /** {@code true}/{@code false}, also {@code 1}/{@code 0}, {@code yes}/{@code no}, {@code on}/{@code off}. */
    boolean flag(String name, boolean fallback) {
        asked.put(name, Boolean.toString(fallback));
        return value(name).map(text -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException("Invalid " + name + " '" + text + "': must be true or false");
        }).orElse(fallback);
    }

    Path path(String name, String fallback) {
        String text = string(name, fallback);
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new ConfigException("Invalid " + name + " '" + text + "': not a usable path");
        }
    }
}
