package dev.mlpipeline.examples.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flat text of {@code key=value} lines, in the order written: how this store keeps the parts of a job
 * that are read whole and never queried (its result, its callback deliveries), so that one row holds the
 * whole job and every write of it is a single-row update. A null value is left out; a line break or a
 * backslash in a value is escaped.
 */
final class KeyValueText {
    private final Map<String, String> values = new LinkedHashMap<>();

    KeyValueText put(String key, Object value) {
        if (value != null) {
            values.put(key, String.valueOf(value));
        }
        return this;
    }

    /** The value stored under {@code key}, or null when there is none. */
    String get(String key) {
        return values.get(key);
    }

    /** The value stored under {@code key}; an {@link IllegalStateException} when there is none. */
    String need(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("stored text lacks '" + key + "'");
        }
        return value;
    }

    long needLong(String key) {
        return Long.parseLong(need(key));
    }

    int needInt(String key) {
        return Integer.parseInt(need(key));
    }

    double needDouble(String key) {
        return Double.parseDouble(need(key));
    }

    /** How many entries {@code prefix.0}, {@code prefix.1}, ... were written, each by its {@code field}. */
    int count(String prefix, String field) {
        int count = 0;
        while (values.containsKey(prefix + "." + count + "." + field)) {
            count++;
        }
        return count;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    static KeyValueText parse(String text) {
        KeyValueText parsed = new KeyValueText();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                parsed.values.put(line.substring(0, equals), unescape(line.substring(equals + 1)));
            }
        }
        return parsed;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
