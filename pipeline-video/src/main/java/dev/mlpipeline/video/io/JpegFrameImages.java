package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.draw.DetectionPainter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frame images as JPEGs, drawn as the annotated video draws its frames, written to a temporary name and
 * named with {@link FileOps#name} (never replacing a file), not forced: the run forces them all at its
 * end. Thread-safe.
 */
public final class JpegFrameImages implements FrameImageSink {
    /** The origin's JPEG quality for frames sent to a model; as good for a person looking at one. */
    public static final int QUALITY = 85;
    // read by imwrite, never written: one for every image of every thread, not a native allocation each
    private static final IntPointer OPTIONS = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY);

    @Override
    public void save(VideoFrame frame, List<Detection> detections, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        // OpenCV picks its encoder by the name's ending
        Path temporary = Path.of(FileOps.temporaryFor(target) + ".jpg");
        try (Mat mat = BgrMats.toMat(frame)) {
            DetectionPainter.draw(mat, detections);
            // OpenCV writes the file as it compresses: no copy of the JPEG through memory (a run saves
            // hundreds, on CPU that the video's encoder wants too)
            if (!imwrite(temporary.toString(), mat, OPTIONS)) {
                throw new IOException("could not write frame " + frame.index() + " as a JPEG to " + temporary);
            }
            FileOps.name(temporary, target);
        } catch (RuntimeException e) {
            // OpenCV reports a failed write (a full disk, say) as an exception of its own
            throw new IOException("could not write frame " + frame.index() + " as a JPEG: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
