package dev.mlpipeline.video.io;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_YUV2BGR_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.port.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The {@link JpegEncoder} on OpenCV: area averaging and colour conversion in SIMD, compression by
 * libjpeg-turbo. An I420 frame of even sides is shrunk plane by plane in I420 and converted at the
 * small size, as the portable encoder does it, so the model sees the same picture; about a ninth of
 * the portable encoder's time for a 720p frame at 640 pixels wide. Stateless: thread-safe.
 */
public final class OpenCvJpegEncoder implements JpegEncoder {
    @Override
    public byte[] encode(VideoFrame frame, int width, int height, int quality) {
        JpegEncoder.checkArguments(frame, width, height, quality);
        try (Mat bgr = shrunk(frame, width, height);
                IntPointer options = new IntPointer(IMWRITE_JPEG_QUALITY, quality);
                BytePointer jpeg = new BytePointer()) {
            if (!imencode(".jpg", bgr, jpeg, options)) {
                throw new IllegalStateException("OpenCV could not compress a " + width + "x" + height + " image");
            }
            byte[] bytes = new byte[(int) jpeg.limit()];
            jpeg.get(bytes);
            return bytes;
        }
    }

    /** A new BGR Mat of the frame at {@code width x height}. */
    private static Mat shrunk(VideoFrame frame, int width, int height) {
        boolean even = frame.width() % 2 == 0 && frame.height() % 2 == 0 && width % 2 == 0 && height % 2 == 0;
        if (frame.layout() != VideoFrame.Layout.I420 || !even) {
            Mat bgr = BgrMats.toMat(frame);
            if (width == frame.width() && height == frame.height()) {
                return bgr;
            }
            try (bgr; Size size = new Size(width, height)) {
                Mat small = new Mat();
                resize(bgr, small, size, 0, 0, INTER_AREA);
                return small;
            }
        }
        Mat bgr = new Mat();
        try (Mat planes = new Mat(frame.height() * 3 / 2, frame.width(), CV_8UC1);
                Mat small = new Mat(height * 3 / 2, width, CV_8UC1)) {
            planes.data().put(frame.pixels());
            shrinkPlane(planes, frame.width(), frame.height(), 0, small, width, height, 0);
            long chroma = (long) frame.width() * frame.height() / 4;
            long smallChroma = (long) width * height / 4;
            for (int plane = 0; plane < 2; plane++) {
                shrinkPlane(planes, frame.width() / 2, frame.height() / 2, (long) frame.width() * frame.height()
                        + plane * chroma, small, width / 2, height / 2, (long) width * height + plane * smallChroma);
            }
            cvtColor(small, bgr, COLOR_YUV2BGR_I420);
            return bgr;
        } catch (RuntimeException e) {
            bgr.close();
            throw e;
        }
    }

    /** One plane, at a byte offset in its picture, shrunk into the other picture's plane at its offset. */
    private static void shrinkPlane(Mat from, int width, int height, long offset, Mat to, int toWidth,
            int toHeight, long toOffset) {
        // Mats over the planes' bytes where they are in the single-channel I420 pictures: no copies
        try (BytePointer source = new BytePointer(from.data()).position(offset);
                BytePointer target = new BytePointer(to.data()).position(toOffset);
                Mat plane = new Mat(height, width, CV_8UC1, source);
                Mat toPlane = new Mat(toHeight, toWidth, CV_8UC1, target);
                Size size = new Size(toWidth, toHeight)) {
            if (toWidth == width && toHeight == height) {
                plane.copyTo(toPlane);
            } else {
                resize(plane, toPlane, size, 0, 0, INTER_AREA);
            }
        }
    }
}
