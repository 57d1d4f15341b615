package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.port.InferenceException;
import dev.mlpipeline.core.port.VideoFrame;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns a frame into the JPEG the model sees: shrunk so that its long side is at most
 * {@code modelInputSize} (0 = never), since the model resizes to its input anyway and a smaller body
 * is faster to send and stays far below SageMaker's payload limit. Thread-safe.
 */
final class FrameEncoder {
    private final int modelInputSize;
    private final float quality;

    FrameEncoder(int modelInputSize, int jpegQuality) {
        this.modelInputSize = modelInputSize;
        this.quality = jpegQuality / 100f;
    }

    /** The JPEG and the size of the image in it, which is the space the model's boxes come back in. */
    record Encoded(byte[] jpeg, int width, int height) {
    }

    Encoded encode(VideoFrame frame) {
        int width = frame.width();
        int height = frame.height();
        int longSide = Math.max(width, height);
        if (modelInputSize <= 0 || longSide <= modelInputSize) {
            return new Encoded(jpeg(frame.bgr(), width, height), width, height);
        }
        double scale = (double) modelInputSize / longSide;
        int outWidth = Math.max(1, (int) Math.round(width * scale));
        int outHeight = Math.max(1, (int) Math.round(height * scale));
        byte[] pixels = frame.layout() == VideoFrame.Layout.I420
                // shrunk plane by plane and then converted: a quarter of the pixels to convert at 720p
                ? shrinkI420(frame, outWidth, outHeight).bgr()
                : AreaScaler.shrink(frame.bgr(), width, height, outWidth, outHeight);
        return new Encoded(jpeg(pixels, outWidth, outHeight), outWidth, outHeight);
    }

    /** The I420 frame shrunk to {@code outWidth x outHeight}, each plane by area averaging. */
    private static VideoFrame shrinkI420(VideoFrame frame, int outWidth, int outHeight) {
        byte[] yuv = frame.pixels();
        byte[] out = new byte[(int) VideoFrame.i420Size(outWidth, outHeight)];
        int width = frame.width();
        int height = frame.height();
        AreaScaler.shrink(yuv, 0, width, height, 1, out, 0, outWidth, outHeight);
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        int outChromaWidth = (outWidth + 1) / 2;
        int outChromaHeight = (outHeight + 1) / 2;
        int from = width * height;
        int to = outWidth * outHeight;
        for (int plane = 0; plane < 2; plane++) {
            AreaScaler.shrink(yuv, from, chromaWidth, chromaHeight, 1, out, to, outChromaWidth, outChromaHeight);
            from += chromaWidth * chromaHeight;
            to += outChromaWidth * outChromaHeight;
        }
        return VideoFrame.i420(frame.index(), frame.timestampMicros(), outWidth, outHeight, out);
    }

    private byte[] jpeg(byte[] bgr, int width, int height) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, width * height / 4));
            // a memory cache, not ImageIO's default temporary file per frame
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(wrap(bgr, width, height), null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new InferenceException("could not encode the frame as JPEG: " + e.getMessage(), false, e);
        } finally {
            writer.dispose();
        }
    }

    /** A BufferedImage over the BGR bytes as they are (TYPE_3BYTE_BGR's layout): no copy, no conversion. */
    private static BufferedImage wrap(byte[] bgr, int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(bgr, bgr.length),
                width, height, width * 3, 3, new int[] {2, 1, 0}, null);
        ComponentColorModel colours = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(colours, raster, false, null);
    }
}
