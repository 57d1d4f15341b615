package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameImageSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.draw.DetectionPainter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
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

    @Override
    public void save(VideoFrame frame, List<Detection> detections, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = FileOps.temporaryFor(target);
        try (Mat mat = BgrMats.toMat(frame); BytePointer jpeg = new BytePointer();
                IntPointer options = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY)) {
            DetectionPainter.draw(mat, detections);
            if (!imencode(".jpg", mat, jpeg, options)) {
                throw new IOException("could not encode frame " + frame.index() + " as a JPEG");
            }
            // straight from the encoder's native buffer: a run saves a hundred of these, on CPU the
            // video's encoder wants too
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer bytes = jpeg.asByteBuffer();
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            FileOps.name(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
