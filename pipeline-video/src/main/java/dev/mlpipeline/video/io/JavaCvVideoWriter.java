package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_HIGH;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import dev.mlpipeline.core.service.FileOps;
import dev.mlpipeline.video.draw.DetectionPainter;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One annotated output. Everything goes to a hidden file beside the output, which only
 * {@link #commit()} renames into place, so a crash or an abandoned job never leaves a half-written
 * video where a complete one is expected.
 */
final class JavaCvVideoWriter implements AnnotatedVideoSink.Writer {
    private static final System.Logger LOG = System.getLogger(JavaCvVideoWriter.class.getName());

    private final Path output;
    private final Path temp;
    private final VideoInfo info;
    private final FFmpegFrameRecorder recorder;
    private final AudioPassthrough audio;
    private final EncoderTimeline timeline;
    // frames the decoder made (I420) are copied here, drawn on and handed to x264 as they are;
    // allocated with the first one
    private I420Canvas planes;
    private ByteBuffer drawn;
    // frames in BGR (generated ones; odd sizes) are converted by the recorder; allocated with the first
    private Frame encoded;
    // the BGR buffer seen as a Mat, so that a frame is copied once and drawn on in place;
    // null when the size is padded to even, which needs a copy anyway
    private Mat canvas;
    private VideoFrame.Layout staged;
    private long framesWritten;
    private boolean committed;
    private boolean closed;

    private JavaCvVideoWriter(Path output, Path temp, VideoInfo info, FFmpegFrameRecorder recorder,
            AudioPassthrough audio, EncoderTimeline timeline) {
        this.output = output;
        this.temp = temp;
        this.info = info;
        this.recorder = recorder;
        this.audio = audio;
        this.timeline = timeline;
    }

    static JavaCvVideoWriter open(Path source, Path output, VideoInfo info, VideoEncoding encoding)
            throws IOException {
        if (info.width() <= 0 || info.height() <= 0) {
            throw new IllegalArgumentException("cannot encode frames of " + info.width() + "x" + info.height());
        }
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(tempName(target));
        AudioPassthrough audio = info.hasAudio() && source != null ? openAudio(source) : null;
        try {
            return start(target, temp, info, encoding, audio);
        } catch (IOException e) {
            if (audio == null) {
                throw e;
            }
            // an audio codec MP4 cannot hold must not cost the whole video
            LOG.log(System.Logger.Level.WARNING, "cannot copy the audio of " + source.getFileName()
                    + " into MP4, writing the video without it: " + e.getMessage());
            audio.close();
            return start(target, temp, info, encoding, null);
        }
    }

    private static AudioPassthrough openAudio(Path source) {
        try {
            return AudioPassthrough.open(source);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "writing the video without audio: " + e.getMessage());
            return null;
        }
    }

    private static JavaCvVideoWriter start(Path output, Path temp, VideoInfo info, VideoEncoding encoding,
            AudioPassthrough audio) throws IOException {
        EncoderTimeline timeline = EncoderTimeline.forFrameRate(info.fps());
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(temp.toFile(), evenUp(info.width()),
                evenUp(info.height()), audio == null ? 0 : audio.channels());
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        // JavaCV would pick Constrained Baseline; High is what ffmpeg's CLI gives and plays everywhere
        recorder.setVideoProfile(AV_PROFILE_H264_HIGH);
        // the recorder's "frame rate" sets the time base: ticks, several per frame (see EncoderTimeline)
        recorder.setFrameRate(timeline.tickRate());
        recorder.setOption("video_track_timescale", Integer.toString(timeline.tickRate()));
        recorder.setVideoOption("crf", Integer.toString(encoding.crf()));
        recorder.setVideoOption("preset", encoding.preset());
        // the real rate for x264's level, VUI timing and rate control
        recorder.setVideoOption("x264-params", "fps=" + timeline.frameRate());
        // without this flag FFmpeg discards frame durations, and the last frame would last one tick
        recorder.setVideoOption("flags", "+frame_duration");
        // moov before mdat, so browsers can start playing before the whole file has arrived
        recorder.setOption("movflags", "+faststart");
        try {
            if (audio != null) {
                recorder.setSampleRate(audio.sampleRate());
                recorder.start(audio.inputContext());
            } else {
                recorder.start();
            }
        } catch (FrameRecorder.Exception | RuntimeException e) {
            releaseQuietly(recorder);
            deleteQuietly(temp);
            throw new IOException("cannot start the H.264 encoder for " + output.getFileName() + ": "
                    + (e instanceof FrameRecorder.Exception fe ? Ffmpeg.reason(fe) : e.toString()), e);
        }
        RecorderInternals.setFrameDuration(recorder, timeline.ticksPerFrame());
        return new JavaCvVideoWriter(output, temp, info, recorder, audio, timeline);
    }

    /**
     * libx264 cannot encode 4:2:0 at an odd width or height (and JavaCV would silently rescale an odd
     * width). Odd sizes are rounded up by repeating the last column or row: every source pixel stays
     * where it was, so box coordinates keep their meaning and nothing at the edge is cut off.
     */
    static int evenUp(int size) {
        return size + (size & 1);
    }

    /** Hidden, per-run unique: two runs for the same output never write into one file. */
    private static String tempName(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return "." + stem + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".part.mp4";
    }

    @Override
    public void write(VideoFrame frame, List<Detection> detections) throws IOException {
        ensureOpen();
        if (frame.width() != info.width() || frame.height() != info.height()) {
            throw new IllegalArgumentException("frame " + frame.index() + " is " + frame.width() + "x"
                    + frame.height() + ", this output takes " + info.width() + "x" + info.height());
        }
        boolean even = recorder.getImageWidth() == info.width() && recorder.getImageHeight() == info.height();
        if (even && frame.layout() == VideoFrame.Layout.I420) {
            stageI420(frame, detections);
        } else {
            stageBgr(frame, detections, even);
        }
        long pts = timeline.ptsOf(frame.timestampMicros());
        if (pts > Integer.MAX_VALUE || pts < Integer.MIN_VALUE) {
            throw new IOException("frame " + frame.index() + " at " + frame.timestampMicros()
                    + " us is beyond the encoder's timeline");
        }
        try {
            if (audio != null) {
                audio.copyUntil(frame.timestampMicros() / 1_000_000.0, recorder);
            }
            recorder.setFrameNumber((int) pts);
            if (staged == VideoFrame.Layout.I420) {
                recorder.recordImage(info.width(), info.height(), Frame.DEPTH_UBYTE, 1, info.width(),
                        AV_PIX_FMT_YUV420P, drawn);
            } else {
                recorder.record(encoded, AV_PIX_FMT_BGR24);
            }
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot encode frame " + frame.index() + ": " + Ffmpeg.reason(e), e);
        }
        framesWritten++;
    }

    private void stageI420(VideoFrame frame, List<Detection> detections) {
        if (planes == null) {
            planes = new I420Canvas(info.width(), info.height());
        }
        drawn = planes.draw(frame, detections);
        staged = VideoFrame.Layout.I420;
    }

    private void stageBgr(VideoFrame frame, List<Detection> detections, boolean even) {
        if (encoded == null) {
            encoded = new Frame(recorder.getImageWidth(), recorder.getImageHeight(), Frame.DEPTH_UBYTE, 3,
                    recorder.getImageWidth() * 3);
            canvas = even ? new Mat(info.height(), info.width(), CV_8UC3,
                    new BytePointer((ByteBuffer) encoded.image[0]), (long) info.width() * 3) : null;
        }
        ByteBuffer buffer = (ByteBuffer) encoded.image[0];
        if (canvas != null) {
            buffer.clear().put(frame.bgr()).flip();
            DetectionPainter.draw(canvas, detections);
        } else {
            try (Mat mat = BgrMats.toMat(frame)) {
                DetectionPainter.draw(mat, detections);
                buffer.clear().put(padded(mat)).flip();
            }
        }
        staged = VideoFrame.Layout.BGR24;
    }

    private byte[] padded(Mat mat) {
        int right = recorder.getImageWidth() - mat.cols();
        int bottom = recorder.getImageHeight() - mat.rows();
        if (right == 0 && bottom == 0) {
            return BgrMats.toBytes(mat);
        }
        try (Mat even = new Mat()) {
            copyMakeBorder(mat, even, 0, bottom, 0, right, BORDER_REPLICATE);
            return BgrMats.toBytes(even);
        }
    }

    @Override
    public void commit() throws IOException {
        ensureOpen();
        if (framesWritten == 0) {
            throw new IOException("no frames were written to " + output.getFileName());
        }
        try {
            // started with an input context, JavaCV's stop() skips draining the encoder: frames still
            // inside libx264's lookahead would be lost without this loop
            while (recorder.recordImage(0, 0, 0, 0, 0, AV_PIX_FMT_NONE, (Buffer[]) null)) {
                // each call writes whatever packets the encoder releases
            }
            if (audio != null) {
                audio.copyRest(recorder);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish " + output.getFileName() + ": " + Ffmpeg.reason(e), e);
        }
        FileOps.publish(temp, output);
        committed = true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaseQuietly(recorder);
        if (audio != null) {
            audio.close();
        }
        if (canvas != null) {
            canvas.close();
        }
        if (encoded != null) {
            encoded.close();
        }
        if (planes != null) {
            planes.close();
        }
        if (!committed) {
            deleteQuietly(temp);
        }
    }

    private void ensureOpen() {
        if (closed || committed) {
            throw new IllegalStateException("writer for " + output.getFileName() + " is "
                    + (committed ? "committed" : "closed"));
        }
    }

    private static void releaseQuietly(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not release a video encoder", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete " + file, e);
        }
    }
}
