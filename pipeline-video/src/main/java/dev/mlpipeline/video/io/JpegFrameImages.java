package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YUV2BGR_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.draw.DetectionPainter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frame images as JPEGs, drawn as the annotated video draws its frames, written to a temporary name and
 * named with {@link FileOps#name} (never replacing a file), not forced: the run forces them all at its
 * end. A frame in I420 is drawn on in I420 by the video's own painter, then converted once: the same
 * pixels as the video's frame. Its buffers (some 4 MiB for 720p, per thread saving at once) are kept for
 * the next image of that size, as long as this object lives. Thread-safe.
 */
public final class JpegFrameImages implements FrameImageSink {
    /** The origin's JPEG quality for frames sent to a model; as good for a person looking at one. */
    public static final int QUALITY = 85;
    // read by imwrite, never written: one for every image of every thread, not a native allocation each
    private static final IntPointer OPTIONS = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY);
    // new native buffers for every image cost page faults and clearing on CPU that x264 wants
    private final Queue<Scratch> idle = new ConcurrentLinkedQueue<>();

    @Override
    public void save(VideoFrame frame, List<Detection> detections, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        // OpenCV picks its encoder by the name's ending
        Path temporary = Path.of(FileOps.temporaryFor(target) + ".jpg");
        try {
            if (frame.layout() == VideoFrame.Layout.I420 && frame.width() % 2 == 0 && frame.height() % 2 == 0) {
                Scratch scratch = take(frame.width(), frame.height());
                try {
                    write(frame, scratch.draw(frame, detections), temporary);
                } finally {
                    idle.add(scratch);
                }
            } else {
                try (Mat mat = BgrMats.toMat(frame)) {
                    DetectionPainter.draw(mat, detections);
                    write(frame, mat, temporary);
                }
            }
            FileOps.name(temporary, target);
        } catch (RuntimeException e) {
            // OpenCV reports a failed write (a full disk, say) as an exception of its own
            throw new IOException("could not write frame " + frame.index() + " as a JPEG: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void write(VideoFrame frame, Mat bgr, Path temporary) throws IOException {
        // OpenCV writes the file as it compresses: no copy of the JPEG through memory (a run saves
        // hundreds, on CPU that the video's encoder wants too)
        if (!imwrite(temporary.toString(), bgr, OPTIONS)) {
            throw new IOException("could not write frame " + frame.index() + " as a JPEG to " + temporary);
        }
    }

    /** Buffers for a picture of this size: an idle one, or new; those of another size are freed. */
    private Scratch take(int width, int height) {
        for (Scratch scratch; (scratch = idle.poll()) != null; ) {
            if (scratch.fits(width, height)) {
                return scratch;
            }
            scratch.close();
        }
        return new Scratch(width, height);
    }

    /** One thread's buffers: the frame's copy in I420, drawn on, and the same in BGR for the encoder. */
    private static final class Scratch implements AutoCloseable {
        private final I420Canvas canvas;
        private final Mat planes;
        private final Mat bgr;

        Scratch(int width, int height) {
            this.canvas = new I420Canvas(width, height);
            // OpenCV takes I420 as one single-channel Mat: the Y rows, then U and V packed in half-rows
            this.planes = new Mat(height * 3 / 2, width, CV_8UC1, canvas.pixels());
            this.bgr = new Mat(height, width, CV_8UC3);
        }

        boolean fits(int width, int height) {
            return canvas.fits(width, height);
        }

        Mat draw(VideoFrame frame, List<Detection> detections) {
            canvas.draw(frame, detections);
            cvtColor(planes, bgr, COLOR_YUV2BGR_I420);
            return bgr;
        }

        @Override
        public void close() {
            bgr.close();
            planes.close();
            canvas.close();
        }
    }
}
