package dev.mlpipeline.video.io;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** One open file: frames are counted here, never taken from the container's claims. */
final class JavaCvFrameStream implements FrameSource.Stream {
    private static final System.Logger LOG = System.getLogger(JavaCvFrameStream.class.getName());

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final FrameRotation rotation;
    private final long nominalFrameMicros;
    private long nextIndex;
    private long lastTimestamp;
    private boolean closed;

    JavaCvFrameStream(Path file, FFmpegFrameGrabber grabber, VideoInfo info, FrameRotation rotation) {
        this.file = file;
        this.grabber = grabber;
        this.info = info;
        this.rotation = rotation;
        this.nominalFrameMicros = Math.max(1, Math.round(1_000_000.0 / info.fps()));
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public Optional<VideoFrame> next() throws IOException {
        if (closed) {
            throw new IllegalStateException("stream of " + file.getFileName() + " is closed");
        }
        Frame decoded;
        try {
            // the grabber hands back the same Frame every call, so it is copied out at once
            decoded = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new VideoFormatException("cannot decode frame " + nextIndex + " of " + file.getFileName()
                    + ": " + Ffmpeg.reason(e), e);
        }
        if (decoded == null || decoded.image == null) {
            return Optional.empty();
        }
        VideoFrame stored = new VideoFrame(nextIndex, timestampOf(decoded), decoded.imageWidth,
                decoded.imageHeight, packedPixels(decoded));
        nextIndex++;
        lastTimestamp = stored.timestampMicros();
        return Optional.of(rotation.apply(stored));
    }

    /**
     * Each frame keeps its own presentation time, so variable frame rate survives. Streams without
     * timestamps (raw H.264) decode every frame at 0 and damaged ones can step back; such a frame is
     * placed one nominal frame after its predecessor so that time only moves forward.
     */
    private long timestampOf(Frame decoded) {
        long timestamp = decoded.timestamp;
        if (nextIndex > 0 && timestamp <= lastTimestamp) {
            return lastTimestamp + nominalFrameMicros;
        }
        return timestamp;
    }

    /** Rows of the decoded picture may be padded for alignment (322 px wide -> 1152 bytes a row). */
    private static byte[] packedPixels(Frame decoded) {
        int rowBytes = decoded.imageWidth * 3;
        int stride = decoded.imageStride;
        ByteBuffer source = (ByteBuffer) decoded.image[0];
        byte[] packed = new byte[rowBytes * decoded.imageHeight];
        if (stride == rowBytes) {
            source.get(0, packed, 0, packed.length);
        } else {
            for (int y = 0; y < decoded.imageHeight; y++) {
                source.get(y * stride, packed, y * rowBytes, rowBytes);
            }
        }
        return packed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseQuietly(grabber);
        }
    }

    static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.release(); // stop() is release() in FFmpegFrameGrabber
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release a video decoder", e);
        }
    }
}
