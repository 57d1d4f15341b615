package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFormatException;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes video files with FFmpeg (through JavaCV) into upright I420 frames: what H.264 and most
 * cameras store, so converting is a plain copy, and what the encoder takes back. Immutable, so one
 * instance serves any number of threads; each {@link Stream} it opens belongs to one thread.
 */
public final class JavaCvFrameSource implements FrameSource {
    // what FFmpeg itself assumes when a stream declares no rate at all
    private static final double FALLBACK_FPS = 25.0;
    // up to this many cores the encoder keeps them all busy, and a decoder of one thread keeps ahead of it
    private static final int SINGLE_THREAD_CORES = 4;

    private final int decoderThreads;

    /** A source decoding on {@link #defaultDecoderThreads()}. */
    public JavaCvFrameSource() {
        this(defaultDecoderThreads());
    }

    /**
     * A source whose decoder uses {@code decoderThreads} threads of its own; 0 lets FFmpeg choose (as
     * many as there are cores and one more, as the {@code ffmpeg} command line does).
     */
    public JavaCvFrameSource(int decoderThreads) {
        if (decoderThreads < 0) {
            throw new IllegalArgumentException("decoder threads must be 0 (FFmpeg's choice) or more: " + decoderThreads);
        }
        this.decoderThreads = decoderThreads;
        Ffmpeg.quiet();
    }

    /**
     * One thread on a machine of up to {@value #SINGLE_THREAD_CORES} cores, FFmpeg's choice on a larger
     * one. On a small machine the encoder keeps every core busy, so a decoder's extra threads only
     * compete with it and cost their own coordination: on 2 cores, decoding the benchmark's 900 frames
     * of 720p H.264 took 1.4 to 1.8 s of CPU on one thread and 1.9 to 2.0 s on FFmpeg's three, while one
     * thread decodes a frame in under a third of the time the encoder takes for it. With more cores the
     * encoder goes faster and one decoding thread would hold it up.
     */
    public static int defaultDecoderThreads() {
        return Runtime.getRuntime().availableProcessors() <= SINGLE_THREAD_CORES ? 1 : 0;
    }

    @Override
    public Stream open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new VideoFormatException(file.getFileName() + " is not a regular file", null);
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        // other layouts (4:2:2, 10-bit, full range) are converted to this one by the grabber
        grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
        // no stream has this index, so no audio decoder is opened: frames need none, and an audio codec
        // FFmpeg cannot decode must not make the video unreadable (the sink copies audio undecoded)
        grabber.setAudioStream(Integer.MAX_VALUE);
        grabber.setVideoOption("threads", Integer.toString(decoderThreads));
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            JavaCvFrameStream.releaseQuietly(grabber);
            throw new VideoFormatException(describe(file, e), e);
        }
        try {
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new VideoFormatException(file.getFileName() + " has no video stream", null);
            }
            FrameRotation rotation = FrameRotation.fromDisplayRotation(grabber.getDisplayRotation());
            int storedWidth = grabber.getImageWidth();
            int storedHeight = grabber.getImageHeight();
            // pin the output size: a stream that changes resolution midway is scaled to its first size,
            // so every frame matches the VideoInfo handed out here
            grabber.setImageWidth(storedWidth);
            grabber.setImageHeight(storedHeight);
            VideoInfo info = describe(grabber, rotation, storedWidth, storedHeight);
            return new JavaCvFrameStream(file, grabber, info, rotation);
        } catch (IOException | RuntimeException e) {
            JavaCvFrameStream.releaseQuietly(grabber);
            throw e;
        }
    }

    private static String describe(Path file, FrameGrabber.Exception e) {
        // with audio switched off, JavaCV's "no video or audio stream" means no video stream: an empty
        // container, or a sound file
        if (String.valueOf(e.getMessage()).startsWith("Did not find a video or audio stream")) {
            return file.getFileName() + " has no video stream";
        }
        return file.getFileName() + " is not a readable video: " + Ffmpeg.reason(e);
    }

    private static VideoInfo describe(FFmpegFrameGrabber grabber, FrameRotation rotation, int storedWidth,
            int storedHeight) {
        AVFormatContext container = grabber.getFormatContext();
        AVStream stream = container.streams(grabber.getVideoStream());
        int width = rotation.swapsSides() ? storedHeight : storedWidth;
        int height = rotation.swapsSides() ? storedWidth : storedHeight;
        return new VideoInfo(width, height, frameRate(stream, grabber), frameCountHint(stream, grabber),
                durationSeconds(container, stream), hasAudio(container), creationTime(grabber));
    }

    /** The container's {@code creation_time} tag (the stream's when the container has none); null when neither. */
    private static Instant creationTime(FFmpegFrameGrabber grabber) {
        for (String tag : new String[] {grabber.getMetadata("creation_time"),
                grabber.getVideoMetadata("creation_time")}) {
            if (tag != null && !tag.isBlank()) {
                try {
                    return OffsetDateTime.parse(tag.strip()).toInstant();
                } catch (DateTimeParseException notIso) {
                    // cameras write odd forms now and then; the track's own start is the fallback
                }
            }
        }
        return null;
    }

    private static boolean hasAudio(AVFormatContext container) {
        for (int i = 0; i < container.nb_streams(); i++) {
            if (container.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                return true;
            }
        }
        return false;
    }

    /** The exact average rate (30000/1001, not 29 or 30), falling back to the stream's base rate. */
    private static double frameRate(AVStream stream, FFmpegFrameGrabber grabber) {
        double average = rate(stream.avg_frame_rate());
        if (average > 0) {
            return average;
        }
        double base = rate(stream.r_frame_rate());
        if (base > 0) {
            return base;
        }
        double guess = grabber.getFrameRate();
        return guess > 0 && Double.isFinite(guess) ? guess : FALLBACK_FPS;
    }

    private static double rate(AVRational r) {
        return r != null && r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
    }

    /** The container's claim: MP4 counts its samples exactly; otherwise an estimate from the duration. */
    private static long frameCountHint(AVStream stream, FFmpegFrameGrabber grabber) {
        if (stream.nb_frames() > 0) {
            return stream.nb_frames();
        }
        return Math.max(0, grabber.getLengthInVideoFrames());
    }

    /**
     * The video stream's own length where the container records it (an audio track that runs longer
     * must not make the video look cut short), else the container's.
     */
    private static double durationSeconds(AVFormatContext container, AVStream stream) {
        if (stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
            return stream.duration() * av_q2d(stream.time_base());
        }
        if (container.duration() != AV_NOPTS_VALUE && container.duration() > 0) {
            return container.duration() / 1_000_000.0;
        }
        return 0;
    }
}
