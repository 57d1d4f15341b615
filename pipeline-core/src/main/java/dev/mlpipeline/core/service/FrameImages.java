package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.port.FrameImageSink;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a run saves its frame images and which: {@code folder} on disk, {@code url} the same folder as
 * the main backend links it ({@code /uploads/...}), each image named
 * {@code frame_<nnnnnn>_<t.tt>s.jpg}, and the run's {@link #thumbnail()} (also with {@code which}
 * {@link SaveFrames#NONE}). Immutable.
 *
 * @param sink what saves each image
 * @param which which sampled frames get an image
 * @param folder the folder on disk the images go to
 * @param url the same folder's URL, as the main backend links it
 */
public record FrameImages(FrameImageSink sink, SaveFrames which, Path folder, String url) {
    /**
     * Checks the parts.
     *
     * @param sink what saves each image, not null
     * @param which which frames get an image, not null
     * @param folder the folder on disk, not null
     * @param url the folder's URL, not null
     * @throws NullPointerException when an argument is null
     */
    public FrameImages {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(url, "url");
    }

    /**
     * The run's thumbnail, beside its frame images.
     *
     * @return {@code thumbnail.jpg} in {@link #folder()}
     */
    public Path thumbnail() {
        return folder.resolve("thumbnail.jpg");
    }

    /**
     * The image's file name: {@code frame_000123_4.10s.jpg}.
     *
     * @param frame the frame's record
     * @return the name, with the frame's number in six digits or more and its time in seconds
     */
    public static String name(FrameRecord frame) {
        return String.format(Locale.ROOT, "frame_%06d_%.2fs.jpg", frame.frameNumber(), frame.timestampSeconds());
    }
}
