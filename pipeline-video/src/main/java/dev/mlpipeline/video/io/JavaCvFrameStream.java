package dev.mlpipeline.video.io;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** One open file: frames are counted here, never taken from the container's claims. */
final class JavaCvFrameStream implements FrameSource.Stream {
    private static final int MAX_SPARE = 32;
    private static final System.Logger LOG = System.getLogger(JavaCvFrameStream.class.getName());

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final FrameRotation rotation;
    private final long nominalFrameMicros;
    // pixel arrays of frames the caller is done with: decoding into them instead of new ones keeps the
    // heap from filling with 1.4 MB arrays (a 720p frame) at the decoder's pace
    private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spareCount = new AtomicInteger();
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
        VideoFrame stored = VideoFrame.i420(nextIndex, timestampOf(decoded), decoded.imageWidth,
                decoded.imageHeight, planes(decoded));
        nextIndex++;
        lastTimestamp = stored.timestampMicros();
        VideoFrame upright = rotation.apply(stored);
        if (upright != stored) {
            recycle(stored);
        }
        return Optional.of(upright);
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

    /**
     * The decoder's planes copied out as one I420 array. Rows may be padded for alignment (322 px wide
     * -> 384 bytes a row), so a plane is copied whole only when it has none.
     */
    private byte[] planes(Frame decoded) {
        AVFrame picture = (AVFrame) decoded.opaque;
        int width = decoded.imageWidth;
        int height = decoded.imageHeight;
        byte[] yuv = array((int) VideoFrame.i420Size(width, height));
        int offset = copyPlane(picture, 0, width, height, yuv, 0);
        offset = copyPlane(picture, 1, (width + 1) / 2, (height + 1) / 2, yuv, offset);
        copyPlane(picture, 2, (width + 1) / 2, (height + 1) / 2, yuv, offset);
        return yuv;
    }

    private static int copyPlane(AVFrame picture, int plane, int width, int height, byte[] into, int offset) {
        int stride = picture.linesize(plane);
        BytePointer data = picture.data(plane);
        if (stride == width) {
            data.position(0).get(into, offset, width * height);
        } else {
            for (int y = 0; y < height; y++) {
                data.position((long) y * stride).get(into, offset + y * width, width);
            }
            data.position(0);
        }
        return offset + width * height;
    }

    /** A spare array of this size, or a new one. */
    private byte[] array(int size) {
        byte[] reused = spare.poll();
        if (reused != null) {
            spareCount.decrementAndGet();
            if (reused.length == size) {
                return reused;
            }
        }
        return new byte[size];
    }

    @Override
    public void recycle(VideoFrame frame) {
        // a few dozen at most: as many as can be between the decoder and the encoder
        if (spareCount.get() < MAX_SPARE) {
            spareCount.incrementAndGet();
            spare.offer(frame.pixels());
        }
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
