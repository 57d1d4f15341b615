package dev.mlpipeline.video.detect;

import dev.mlpipeline.core.port.InferenceClient;
import java.util.List;
import java.util.Locale;

/** The detectors that run on this machine with OpenCV, by the names that configuration uses. */
public final class LocalDetectors {
    /** The names {@link #create} accepts, the default first. */
    public static final List<String> NAMES = List.of("motion", "people", "faces", "plates", "none");

    private LocalDetectors() {
    }

    /**
     * A new detector: {@code motion} (moving regions), {@code people} (HOG pedestrians),
     * {@code faces} or {@code plates} (Haar cascades), {@code none} (finds nothing: the pipeline without
     * inference); case-insensitive.
     *
     * @throws IllegalArgumentException for any other name, naming the allowed ones
     */
    public static InferenceClient create(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "motion" -> new MotionDetector();
            case "people" -> new PeopleDetector();
            case "faces" -> CascadeDetector.faces();
            case "plates" -> CascadeDetector.licencePlates();
            case "none" -> new NoDetector();
            default -> throw new IllegalArgumentException("unknown local detector '" + name + "': use one of "
                    + String.join(", ", NAMES));
        };
    }
}
