package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link FrameSource} that plays the same list of frames for any file, and notes which were recycled. */
public class ListFrameSource implements FrameSource {
    private final VideoInfo info;
    private final List<VideoFrame> frames;
    private final List<Long> recycled = new CopyOnWriteArrayList<>();

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
            public void recycle(VideoFrame frame) {
                recycled.add(frame.index());
            }

            @Override
            public void close() {
            }
        };
    }

    /** The indexes of the frames handed back through {@link Stream#recycle}, in order. */
    public List<Long> recycled() {
        return List.copyOf(recycled);
    }
}
