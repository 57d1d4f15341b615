package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A {@link FrameSource} that plays the same list of frames for any file. */
public class ListFrameSource implements FrameSource {
    private final VideoInfo info;
    private final List<VideoFrame> frames;

    public ListFrameSource(VideoInfo info, List<VideoFrame> frames) {
        this.info = info;
        this.frames = List.copyOf(frames);
    }

    @Override
    public Stream open(Path file) {
        Iterator<VideoFrame> next = frames.iterator();
        return new Stream() {
            @Override
            public VideoInfo info() {
                return info;
            }

            @Override
            public Optional<VideoFrame> next() {
                return next.hasNext() ? Optional.of(next.next()) : Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }
}
