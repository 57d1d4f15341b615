package dev.mlpipeline.video.io;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Process-wide FFmpeg settings and error texts shared by the decoder, the encoder and the clip generator. */
public final class Ffmpeg {
    // JavaCV puts FFmpeg's numeric error code into its exception messages ("... error -1094995529: ...")
    private static final Pattern ERROR_CODE = Pattern.compile("error (-\\d+)");
    private static volatile boolean quiet;

    private Ffmpeg() {
    }

    /**
     * Keeps FFmpeg's per-file INFO dumps (stream tables, encoder settings) off standard error; real
     * errors still show. Idempotent and cheap, so every entry point calls it.
     */
    public static void quiet() {
        if (!quiet) {
            av_log_set_level(AV_LOG_ERROR);
            quiet = true;
        }
    }

    /** FFmpeg's own wording for the error in a JavaCV exception message, or the message itself. */
    public static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = ERROR_CODE.matcher(message);
        if (m.find()) {
            byte[] text = new byte[256];
            if (av_strerror(Integer.parseInt(m.group(1)), text, text.length) == 0) {
                int end = 0;
                while (end < text.length && text[end] != 0) {
                    end++;
                }
                return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return message;
    }
}
