package dev.mlpipeline.video.synthetic;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_HIGH;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.video.io.Ffmpeg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Generates a test clip: solid rectangles and circles gliding across a textured, still background
 * (so background subtraction finds them and nothing else), optionally with a sine tone and a display
 * rotation, written as H.264 MP4. Deterministic: the same options always give the same frames.
 * Used by the tests and by the app's {@code demo} and {@code benchmark} commands.
 *
 * <pre>{@code
 * SyntheticClip.builder().size(640, 360).fps(30000 / 1001.0).frames(90).movingObjects(2).withAudio()
 *         .build().writeTo(Path.of("clip.mp4"));
 * }</pre>
 */
public final class SyntheticClip {
    static final int AUDIO_SAMPLE_RATE = 48_000;
    private static final double TONE_HZ = 440;

    private final int width;
    private final int height;
    private final double fps;
    private final int frames;
    private final boolean audio;
    private final int rotationDegrees;
    private final boolean fastStart;
    private final SyntheticScene scene;

    private SyntheticClip(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.frames = b.frames;
        this.audio = b.audio;
        this.rotationDegrees = b.rotationDegrees;
        this.fastStart = b.fastStart;
        this.scene = new SyntheticScene(b.width, b.height, b.fps, b.movingObjects, b.seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Width of the stored frames (before any display rotation). */
    public int width() {
        return width;
    }

    /** Height of the stored frames (before any display rotation). */
    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    public int frames() {
        return frames;
    }

    public double durationSeconds() {
        return frames / fps;
    }

    /** Where each moving object is in frame {@code index}, in stored (unrotated) pixels. */
    public List<BoundingBox> objectsAt(int index) {
        return scene.objectsAt(index);
    }

    /** The packed BGR pixels of frame {@code index} as stored (before compression and rotation). */
    public byte[] pixelsOf(int index) {
        return scene.render(index);
    }

    /** Writes the clip, replacing any file at {@code file}. */
    public void writeTo(Path file) throws IOException {
        Ffmpeg.quiet();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? 1 : 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setVideoProfile(AV_PROFILE_H264_HIGH);
        recorder.setFrameRate(fps);
        recorder.setVideoOption("crf", "18");
        recorder.setVideoOption("preset", "veryfast");
        if (rotationDegrees != 0) {
            recorder.setDisplayRotation(rotationDegrees);
        }
        if (fastStart) {
            recorder.setOption("movflags", "+faststart");
        }
        if (audio) {
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(AUDIO_SAMPLE_RATE);
            recorder.setAudioBitrate(96_000);
        }
        try (Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3, width * 3)) {
            recorder.start();
            long samplesWritten = 0;
            for (int i = 0; i < frames; i++) {
                ((ByteBuffer) frame.image[0]).clear().put(scene.render(i)).flip();
                recorder.record(frame, AV_PIX_FMT_BGR24);
                if (audio) {
                    // the tone keeps pace with the pictures: after frame i, (i + 1) / fps seconds of sound
                    long samplesDue = Math.round((i + 1) * AUDIO_SAMPLE_RATE / fps);
                    recorder.recordSamples(AUDIO_SAMPLE_RATE, 1, tone(samplesWritten, samplesDue));
                    samplesWritten = samplesDue;
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            Files.deleteIfExists(file);
            throw new IOException("cannot write the synthetic clip " + file.getFileName() + ": "
                    + Ffmpeg.reason(e), e);
        } finally {
            recorder.release();
        }
    }

    private static ShortBuffer tone(long from, long to) {
        short[] samples = new short[(int) (to - from)];
        for (int i = 0; i < samples.length; i++) {
            double t = (from + i) / (double) AUDIO_SAMPLE_RATE;
            samples[i] = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * TONE_HZ * t));
        }
        return ShortBuffer.wrap(samples);
    }

    /** Options; every one has a default that gives a small, quick clip. */
    public static final class Builder {
        private int width = 320;
        private int height = 240;
        private double fps = 30;
        private int frames = 30;
        private int movingObjects = 1;
        private boolean audio;
        private int rotationDegrees;
        private long seed = 42;
        private boolean fastStart;

        private Builder() {
        }

        /** Stored frame size; both even, as H.264 in 4:2:0 requires. */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder fps(double fps) {
            this.fps = fps;
            return this;
        }

        public Builder frames(int frames) {
            this.frames = frames;
            return this;
        }

        public Builder movingObjects(int count) {
            this.movingObjects = count;
            return this;
        }

        /** A 440 Hz tone, AAC, 48 kHz mono, as long as the video. */
        public Builder withAudio() {
            this.audio = true;
            return this;
        }

        /** Display rotation metadata in counter-clockwise degrees, as phones write it (0, 90, 180, 270). */
        public Builder rotation(int degrees) {
            this.rotationDegrees = degrees;
            return this;
        }

        /**
         * The index at the front of the file, as cameras and phones write it: a file cut short then
         * still says how long it was meant to be (without it, a cut file has no index at all).
         */
        public Builder fastStart() {
            this.fastStart = true;
            return this;
        }

        /** Varies the background texture and the objects' paths. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SyntheticClip build() {
            if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("size must be even and at least 16x16, got " + width + "x" + height);
            }
            if (!(fps > 0) || !Double.isFinite(fps)) {
                throw new IllegalArgumentException("fps must be positive, got " + fps);
            }
            if (frames < 1) {
                throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
            }
            if (movingObjects < 0) {
                throw new IllegalArgumentException("movingObjects must not be negative, got " + movingObjects);
            }
            if (rotationDegrees % 90 != 0) {
                throw new IllegalArgumentException("rotation must be a multiple of 90, got " + rotationDegrees);
            }
            return new SyntheticClip(this);
        }
    }
}
