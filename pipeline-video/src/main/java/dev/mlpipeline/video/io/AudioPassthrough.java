package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Copies the source's audio packets into the output untouched (no decode, no re-encode, no quality
 * loss). The recorder is started with {@link #inputContext()}, a stand-in input holding only the
 * audio stream: handing it the real input would make it stream-copy the video as well, and then the
 * annotated frames could not be encoded.
 */
final class AudioPassthrough implements AutoCloseable {
    private final FFmpegFrameGrabber reader;
    private final int audioIndex;
    private final AVFormatContext inputContext;
    private final double secondsPerTick;
    private boolean exhausted;

    private AudioPassthrough(FFmpegFrameGrabber reader, int audioIndex, AVFormatContext inputContext,
            double secondsPerTick) {
        this.reader = reader;
        this.audioIndex = audioIndex;
        this.inputContext = inputContext;
        this.secondsPerTick = secondsPerTick;
    }

    /** The source's audio, or null when it has none. */
    static AudioPassthrough open(Path source) throws IOException {
        FFmpegFrameGrabber reader = new FFmpegFrameGrabber(source.toFile());
        // packets are read for every stream anyway; opening a video decoder would only cost threads
        reader.setVideoStream(Integer.MAX_VALUE);
        try {
            reader.start();
            AVFormatContext input = reader.getFormatContext();
            int index = av_find_best_stream(input, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (index < 0 || !reader.hasAudio()) {
                JavaCvFrameStream.releaseQuietly(reader);
                return null;
            }
            // the demuxer then hands out audio packets only: the video's are not even read into memory
            for (int i = 0; i < input.nb_streams(); i++) {
                if (i != index) {
                    input.streams(i).discard(AVDISCARD_ALL);
                }
            }
            AVStream audio = input.streams(index);
            AVFormatContext standIn = avformat_alloc_context();
            AVStream copy = avformat_new_stream(standIn, null);
            if (copy == null || avcodec_parameters_copy(copy.codecpar(), audio.codecpar()) < 0) {
                avformat_free_context(standIn);
                throw new IOException("cannot copy the audio stream parameters of " + source.getFileName());
            }
            copy.time_base(audio.time_base());
            return new AudioPassthrough(reader, index, standIn, av_q2d(audio.time_base()));
        } catch (FrameGrabber.Exception e) {
            JavaCvFrameStream.releaseQuietly(reader);
            throw new IOException("cannot read the audio of " + source.getFileName() + ": " + Ffmpeg.reason(e), e);
        } catch (IOException | RuntimeException e) {
            JavaCvFrameStream.releaseQuietly(reader);
            throw e;
        }
    }

    AVFormatContext inputContext() {
        return inputContext;
    }

    int channels() {
        return reader.getAudioChannels();
    }

    int sampleRate() {
        return reader.getSampleRate();
    }

    /**
     * Writes audio packets up to and including the first one that starts after {@code seconds}, so
     * that audio and video reach the muxer roughly interleaved and its queue stays short.
     */
    void copyUntil(double seconds, FFmpegFrameRecorder recorder) throws IOException {
        try {
            while (!exhausted) {
                AVPacket packet = reader.grabPacket();
                if (packet == null) {
                    exhausted = true;
                    return;
                }
                if (packet.stream_index() != audioIndex) {
                    // JavaCV's grabPacket reads into the same packet without releasing what it held, and
                    // only the muxer takes a packet over: one left alone here would leak its data
                    av_packet_unref(packet);
                    continue;
                }
                double start = packet.pts() == AV_NOPTS_VALUE ? seconds : packet.pts() * secondsPerTick;
                packet.stream_index(0); // its index in the stand-in input
                recorder.recordPacket(packet);
                if (start > seconds) {
                    return;
                }
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IOException("cannot copy the audio track: " + Ffmpeg.reason(e), e);
        }
    }

    void copyRest(FFmpegFrameRecorder recorder) throws IOException {
        copyUntil(Double.POSITIVE_INFINITY, recorder);
    }

    @Override
    public void close() {
        JavaCvFrameStream.releaseQuietly(reader);
        avformat_free_context(inputContext);
    }
}
