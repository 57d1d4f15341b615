package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_FRAME_DURATION;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Writes test videos that JavaCV's recorder cannot: odd sizes (it rescales odd widths, and libx264
 * refuses odd sizes in 4:2:0, so those are written in 4:4:4 as some cameras do) and irregular
 * timestamps. Plain FFmpeg API calls: H.264 in MP4, each frame at the pts given, in 1/timeScale s.
 */
final class RawClipWriter {
    private RawClipWriter() {
    }

    static void write(Path file, int width, int height, int timeScale, long[] pts, IntFunction<byte[]> bgrOfFrame)
            throws IOException {
        int pixelFormat = width % 2 == 0 && height % 2 == 0 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUV444P;
        AVFormatContext container = new AVFormatContext(null);
        check(avformat_alloc_output_context2(container, null, "mp4", file.toString()), "output context");
        AVCodec codec = avcodec_find_encoder_by_name("libx264");
        AVCodecContext encoder = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        SwsContext converter = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, pixelFormat,
                SWS_BICUBIC, null, null, (DoublePointer) null);
        try (BytePointer bgr = new BytePointer((long) width * height * 3);
                // swscale reads four planes and four strides even for packed input
                IntPointer bgrStride = new IntPointer(new int[] {width * 3, 0, 0, 0});
                PointerPointer<BytePointer> bgrPlanes = new PointerPointer<BytePointer>(4).put(0, bgr)) {
            AVStream stream = avformat_new_stream(container, null);
            encoder.width(width).height(height).pix_fmt(pixelFormat).time_base(av_make_q(1, timeScale));
            // frame durations reach the muxer only with this flag; without them the last frame has
            // none and the MP4's edit list leaves it out
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_FRAME_DURATION);
            if ((container.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "preset", "ultrafast", 0);
            av_dict_set(options, "crf", "18", 0);
            check(avcodec_open2(encoder, codec, options), "open libx264");
            av_dict_free(options);
            check(avcodec_parameters_from_context(stream.codecpar(), encoder), "stream parameters");
            stream.time_base(encoder.time_base());
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "open file");
            container.pb(io);
            check(avformat_write_header(container, (AVDictionary) null), "header");

            frame.format(pixelFormat).width(width).height(height);
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            for (int i = 0; i < pts.length; i++) {
                check(av_frame_make_writable(frame), "writable frame");
                bgr.position(0).put(bgrOfFrame.apply(i));
                sws_scale(converter, bgrPlanes, bgrStride, 0, height, frame.data(), frame.linesize());
                frame.pts(pts[i]);
                frame.duration(i + 1 < pts.length ? pts[i + 1] - pts[i] : i > 0 ? pts[i] - pts[i - 1] : 1);
                check(avcodec_send_frame(encoder, frame), "send frame");
                drain(encoder, packet, container, stream);
            }
            check(avcodec_send_frame(encoder, null), "flush");
            drain(encoder, packet, container, stream);
            check(av_write_trailer(container), "trailer");
            avio_closep(container.pb());
        } finally {
            sws_freeContext(converter);
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(encoder);
            avformat_free_context(container);
        }
    }

    private static void drain(AVCodecContext encoder, AVPacket packet, AVFormatContext container, AVStream stream)
            throws IOException {
        while (true) {
            int result = avcodec_receive_packet(encoder, packet);
            if (result == AVERROR_EAGAIN() || result == AVERROR_EOF()) {
                return;
            }
            check(result, "receive packet");
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(container, packet), "write packet");
        }
    }

    private static void check(int result, String step) throws IOException {
        if (result < 0) {
            throw new IOException(step + " failed: " + result);
        }
    }
}
