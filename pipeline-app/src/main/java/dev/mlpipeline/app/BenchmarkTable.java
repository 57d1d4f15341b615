package dev.mlpipeline.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's one table: each row what was measured, its target where it has one, and whether it
 * was met. A row that could not be measured (no ffmpeg to compare with, say) has not met its target.
 */
final class BenchmarkTable {
    private static final String HEADER_FORMAT = "%-52s %14s %12s  %-6s %s%n";

    /** One row; {@code met} is null for a row without a target. */
    record Row(String what, String measured, String target, Boolean met, String detail) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** A ratio that must stay at or under {@code target} (1.05 = "at most 5% slower"). */
    void ratio(String what, double ratio, double target, String detail) {
        add(what, Double.isNaN(ratio) ? "-" : format("%.2fx", ratio), format("<= %.2fx", target),
                !Double.isNaN(ratio) && ratio <= target, detail);
    }

    /** A cost in percent of the base that must stay at or under {@code targetPercent}. */
    void cost(String what, double ratio, double targetPercent, String detail) {
        add(what, Double.isNaN(ratio) ? "-" : format("%+.1f%%", (ratio - 1) * 100), format("<= +%.0f%%", targetPercent),
                !Double.isNaN(ratio) && (ratio - 1) * 100 <= targetPercent, detail);
    }

    /** A quantity in {@code unit} that must stay at or under {@code target}. */
    void atMost(String what, double value, String unit, double target, String detail) {
        boolean measured = !Double.isNaN(value) && value >= 0;
        add(what, measured ? format("%.0f %s", value, unit) : "-", format("<= %.0f %s", target, unit),
                measured && value <= target, detail);
    }

    /** The same with a decimal shown, for seconds. */
    void atMostSeconds(String what, double seconds, double target, String detail) {
        add(what, Double.isNaN(seconds) ? "-" : format("%.2f s", seconds), format("<= %.1f s", target),
                !Double.isNaN(seconds) && seconds <= target, detail);
    }

    /** A measurement without a target, printed for the record. */
    void info(String what, String measured, String detail) {
        add(what, measured, "", null, detail);
    }

    private void add(String what, String measured, String target, Boolean met, String detail) {
        rows.add(new Row(what, measured, target, met, detail));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Whether every row with a target met it. */
    boolean allMet() {
        return rows.stream().noneMatch(row -> Boolean.FALSE.equals(row.met()));
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, HEADER_FORMAT, "what", "measured", "target", "result", "");
        for (Row row : rows) {
            String result = row.met() == null ? "" : row.met() ? "ok" : "MISSED";
            out.printf(Locale.ROOT, HEADER_FORMAT, row.what(), row.measured(), row.target(), result, row.detail());
        }
        long missed = rows.stream().filter(row -> Boolean.FALSE.equals(row.met())).count();
        out.println(missed == 0 ? "every target met" : missed + " target(s) missed");
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
