package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.draw.DetectionPainter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frame images as JPEGs, drawn as the annotated video draws its frames, written to a temporary name and
 * published with {@link FileOps#publish} (never replacing a file). Thread-safe.
 */
public final class JpegFrameImages implements FrameImageSink {
    /** The origin's JPEG quality for frames sent to a model; as good for a person looking at one. */
    public static final int QUALITY = 85;

    @Override
    public void save(VideoFrame frame, List<Detection> detections, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        byte[] jpeg;
        try (Mat mat = BgrMats.toMat(frame); BytePointer buffer = new BytePointer();
                IntPointer options = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY)) {
            DetectionPainter.draw(mat, detections);
            if (!imencode(".jpg", mat, buffer, options)) {
                throw new IOException("could not encode frame " + frame.index() + " as a JPEG");
            }
            jpeg = new byte[(int) buffer.limit()];
            buffer.get(jpeg);
        }
        Path temporary = FileOps.temporaryFor(target);
        try {
            Files.write(temporary, jpeg);
            FileOps.publish(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
