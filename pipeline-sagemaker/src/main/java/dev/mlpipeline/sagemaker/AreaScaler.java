package dev.mlpipeline.sagemaker;

import java.util.Arrays;

/**
 * Shrinks packed BGR pixels by area averaging: each output pixel is the mean of the source pixels it
 * covers, weighted by how much of each it covers. Unlike bilinear sampling this keeps thin objects and
 * does not alias when a 4K frame becomes 640 pixels wide. Works one output row at a time, so it needs
 * only two rows of scratch space whatever the frame's size.
 */
final class AreaScaler {
    private AreaScaler() {
    }

    static byte[] shrink(byte[] bgr, int width, int height, int outWidth, int outHeight) {
        byte[] out = new byte[outWidth * outHeight * 3];
        shrink(bgr, 0, width, height, 3, out, 0, outWidth, outHeight);
        return out;
    }

    /**
     * Shrinks one image of {@code channels} interleaved bytes a pixel, at {@code offset} in {@code source},
     * into {@code target} at {@code targetOffset}: a plane of an I420 picture is one image of one channel.
     */
    static void shrink(byte[] source, int offset, int width, int height, int channels, byte[] target,
            int targetOffset, int outWidth, int outHeight) {
        if (outWidth > width || outHeight > height || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("cannot shrink " + width + "x" + height + " to " + outWidth + "x" + outHeight);
        }
        Footprint columns = new Footprint(width, outWidth);
        Footprint rows = new Footprint(height, outHeight);
        float norm = (float) (1.0 / (columns.scale * rows.scale));
        float[] row = new float[outWidth * channels];
        float[] sum = new float[outWidth * channels];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(sum, 0f);
            float[] rowWeights = rows.weights[y];
            for (int k = 0; k < rowWeights.length; k++) {
                shrinkRow(source, offset + (rows.first[y] + k) * width * channels, channels, columns, row);
                float weight = rowWeights[k];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += weight * row[i];
                }
            }
            int base = targetOffset + y * outWidth * channels;
            for (int i = 0; i < sum.length; i++) {
                // rounded half up; the sum is never negative
                target[base + i] = (byte) Math.min(255, (int) (sum[i] * norm + 0.5f));
            }
        }
    }

    private static void shrinkRow(byte[] source, int offset, int channels, Footprint columns, float[] row) {
        for (int x = 0; x < columns.first.length; x++) {
            float[] weights = columns.weights[x];
            for (int c = 0; c < channels; c++) {
                float value = 0;
                int at = offset + columns.first[x] * channels + c;
                for (int k = 0; k < weights.length; k++, at += channels) {
                    value += weights[k] * (source[at] & 0xff);
                }
                row[x * channels + c] = value;
            }
        }
    }

    /** For each output pixel along one axis: the first source pixel it covers and how much of each. */
    private static final class Footprint {
        final double scale;
        final int[] first;
        final float[][] weights;

        Footprint(int size, int outSize) {
            scale = (double) size / outSize;
            first = new int[outSize];
            weights = new float[outSize][];
            for (int i = 0; i < outSize; i++) {
                double start = i * scale;
                double end = Math.min(size, (i + 1) * scale);
                int from = (int) Math.floor(start);
                int to = Math.min(size, (int) Math.ceil(end));
                first[i] = from;
                weights[i] = new float[to - from];
                for (int s = from; s < to; s++) {
                    weights[i][s - from] = (float) (Math.min(s + 1, end) - Math.max(s, start));
                }
            }
        }
    }
}
