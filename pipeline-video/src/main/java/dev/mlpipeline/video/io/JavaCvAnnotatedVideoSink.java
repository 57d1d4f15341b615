package dev.mlpipeline.video.io;

import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Draws detections onto frames and encodes them as H.264 (yuv420p) MP4 with libx264, keeping each
 * frame's timestamp and copying the source's audio. Stateless, so one instance serves any number of
 * threads; each {@link Writer} belongs to one thread.
 */
public final class JavaCvAnnotatedVideoSink implements AnnotatedVideoSink {
    private final VideoEncoding encoding;

    public JavaCvAnnotatedVideoSink(VideoEncoding encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        Ffmpeg.quiet();
    }

    /** CRF 23, preset veryfast. */
    public JavaCvAnnotatedVideoSink() {
        this(VideoEncoding.defaults());
    }

    /**
     * The output is written beside {@code output} under a hidden temporary name and renamed into place
     * by {@link Writer#commit()}. When {@code source} is null or its audio cannot be read, the output
     * has no audio.
     */
    @Override
    public Writer create(Path source, Path output, VideoInfo info) throws IOException {
        return JavaCvVideoWriter.open(source, output, info, encoding);
    }
}
