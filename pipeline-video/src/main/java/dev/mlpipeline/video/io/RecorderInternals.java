package dev.mlpipeline.video.io;

import java.lang.reflect.Field;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The one place that reaches into JavaCV's recorder. With a time base finer than a frame
 * ({@link EncoderTimeline}), libx264 needs each picture's duration, or the last frame of the file
 * lasts a single tick and the video comes out almost a frame short. JavaCV 1.5.13 has no setter for
 * it, so the duration is set on its private picture, which it reuses for every frame. If a JavaCV
 * upgrade renames the field, encoding still works; only that last frame is shortened.
 */
final class RecorderInternals {
    private static final System.Logger LOG = System.getLogger(RecorderInternals.class.getName());

    private RecorderInternals() {
    }

    /** Call after {@code start()}: the picture is allocated there. */
    static void setFrameDuration(FFmpegFrameRecorder recorder, long ticks) {
        try {
            Field field = FFmpegFrameRecorder.class.getDeclaredField("picture");
            field.setAccessible(true);
            AVFrame picture = (AVFrame) field.get(recorder);
            if (picture != null && !picture.isNull()) {
                picture.duration(ticks);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot set the frame duration on JavaCV's recorder; "
                    + "the last frame of each video will be shortened", e);
        }
    }
}
