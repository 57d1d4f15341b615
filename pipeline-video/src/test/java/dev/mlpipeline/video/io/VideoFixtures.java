package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.AnnotatedVideoSink;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.VideoFrame;
import dev.mlpipeline.core.port.VideoInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Writing, decoding and inspecting the small videos the tests need. Nothing here calls the ffmpeg CLI.
 * Public where the drawing and synthetic-clip tests, in their own packages, check their output through it.
 */
public final class VideoFixtures {
    private VideoFixtures() {
    }

    /** What decoding a file with {@link JavaCvFrameSource} gave: every timestamp, and the frames asked for. */
    public record Decoded(VideoInfo info, List<Long> timestamps, int width, int height, Map<Integer, VideoFrame> kept) {
        public int frameCount() {
            return timestamps.size();
        }
    }

    public static Decoded decode(Path file, Integer... keep) throws IOException {
        Set<Integer> wanted = Set.of(keep);
        List<Long> timestamps = new ArrayList<>();
        Map<Integer, VideoFrame> kept = new HashMap<>();
        int width = 0;
        int height = 0;
        try (FrameSource.Stream stream = new JavaCvFrameSource().open(file)) {
            Optional<VideoFrame> next;
            while ((next = stream.next()).isPresent()) {
                VideoFrame frame = next.get();
                if (frame.index() != timestamps.size()) {
                    throw new AssertionError("frame " + timestamps.size() + " came with index " + frame.index());
                }
                timestamps.add(frame.timestampMicros());
                width = frame.width();
                height = frame.height();
                if (wanted.contains((int) frame.index())) {
                    kept.put((int) frame.index(), frame);
                }
            }
            return new Decoded(stream.info(), timestamps, width, height, kept);
        }
    }

    /** Decodes {@code input}, draws what {@code detector} reports on each frame and commits the result. */
    static void annotate(Path input, Path output, Function<VideoFrame, List<Detection>> detector) throws IOException {
        annotate(new JavaCvAnnotatedVideoSink(), input, output, detector);
    }

    static void annotate(AnnotatedVideoSink sink, Path input, Path output,
            Function<VideoFrame, List<Detection>> detector) throws IOException {
        try (FrameSource.Stream stream = new JavaCvFrameSource().open(input);
                AnnotatedVideoSink.Writer writer = sink.create(input, output, stream.info())) {
            Optional<VideoFrame> next;
            while ((next = stream.next()).isPresent()) {
                writer.write(next.get(), detector.apply(next.get()));
            }
            writer.commit();
        }
    }

    /** What the container and codec say, read with our own grabber rather than ffprobe. */
    public record Probe(int videoCodec, String videoCodecName, int pixelFormat, double videoSeconds, boolean hasAudio,
            int audioCodec, double audioSeconds, double displayRotation) {
    }

    public static Probe probe(Path file) throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.start();
            AVFormatContext container = grabber.getFormatContext();
            double videoSeconds = 0;
            double audioSeconds = 0;
            int pixelFormat = -1;
            for (int i = 0; i < container.nb_streams(); i++) {
                AVStream stream = container.streams(i);
                double seconds = stream.duration() * av_q2d(stream.time_base());
                if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    videoSeconds = seconds;
                    pixelFormat = stream.codecpar().format();
                } else if (stream.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                    audioSeconds = seconds;
                }
            }
            return new Probe(grabber.getVideoCodec(), grabber.getVideoCodecName(), pixelFormat, videoSeconds,
                    grabber.hasAudio(), grabber.hasAudio() ? grabber.getAudioCodec() : -1, audioSeconds,
                    grabber.getDisplayRotation());
        } finally {
            grabber.release();
        }
    }

    public static boolean isH264Yuv420p(Probe probe) {
        return probe.videoCodec() == AV_CODEC_ID_H264 && probe.pixelFormat() == AV_PIX_FMT_YUV420P;
    }

    /** The types of an MP4's top-level boxes, in file order ("ftyp", "moov", "mdat", ...). */
    static List<String> topLevelBoxes(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<String> types = new ArrayList<>();
        long position = 0;
        while (position + 8 <= bytes.length) {
            long size = Integer.toUnsignedLong(buffer.getInt((int) position));
            String type = new String(bytes, (int) position + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (size == 1) {
                size = buffer.getLong((int) position + 8);
            } else if (size == 0) {
                size = bytes.length - position;
            }
            types.add(type);
            if (size < 8) {
                break;
            }
            position += size;
        }
        return types;
    }

    /** A valid MP4 container with a video track but not a single frame (recorder started and stopped). */
    static Path zeroFrameMp4(Path file) throws IOException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 240, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.start();
        recorder.stop();
        recorder.release();
        return file;
    }

    /** One second of AAC tone in an MP4 with no video stream at all. */
    static Path audioOnlyMp4(Path file) throws IOException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1);
        recorder.setFormat("mp4");
        recorder.setAudioCodec(AV_CODEC_ID_AAC);
        recorder.setSampleRate(48_000);
        recorder.start();
        short[] samples = new short[48_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
        }
        recorder.recordSamples(48_000, 1, ShortBuffer.wrap(samples));
        recorder.stop();
        recorder.release();
        return file;
    }

    static Path textFile(Path file) throws IOException {
        return Files.writeString(file, "This is a shopping list, not a video.\nmilk\neggs\n".repeat(40));
    }

    /** Every byte from {@code from} on overwritten with noise: the container's index (at the end) is gone. */
    static Path corruptTail(Path file, double from) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.util.Random noise = new java.util.Random(7);
        for (int i = (int) (bytes.length * from); i < bytes.length; i++) {
            bytes[i] = (byte) noise.nextInt(256);
        }
        return Files.write(file, bytes);
    }

    /** The file cut at {@code fraction} of its length, as an interrupted upload leaves it. */
    static Path truncate(Path file, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    /** A frame of one flat colour. */
    public static VideoFrame flatFrame(long index, long timestampMicros, int width, int height, int b, int g, int r) {
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = (byte) b;
            bgr[i + 1] = (byte) g;
            bgr[i + 2] = (byte) r;
        }
        return new VideoFrame(index, timestampMicros, width, height, bgr);
    }

    /** The same picture as the decoder hands it out: I420, by OpenCV's BT.601 conversion. */
    public static VideoFrame asI420(VideoFrame frame) {
        try (org.bytedeco.opencv.opencv_core.Mat bgr = BgrMats.toMat(frame);
                org.bytedeco.opencv.opencv_core.Mat planes = new org.bytedeco.opencv.opencv_core.Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.cvtColor(bgr, planes,
                    org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420);
            byte[] yuv = new byte[(int) VideoFrame.i420Size(frame.width(), frame.height())];
            planes.data().get(yuv);
            return VideoFrame.i420(frame.index(), frame.timestampMicros(), frame.width(), frame.height(), yuv);
        }
    }

    /** Blue, green, red at (x, y). */
    public static int[] pixel(VideoFrame frame, int x, int y) {
        int i = (y * frame.width() + x) * 3;
        byte[] bgr = frame.bgr();
        return new int[] {bgr[i] & 0xFF, bgr[i + 1] & 0xFF, bgr[i + 2] & 0xFF};
    }

    public static int maxChannelDistance(int[] a, int[] b) {
        int max = 0;
        for (int c = 0; c < 3; c++) {
            max = Math.max(max, Math.abs(a[c] - b[c]));
        }
        return max;
    }

    /** Mean absolute difference per byte of two same-sized frames. */
    static double meanDifference(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }
}
