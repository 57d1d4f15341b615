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
        if (outWidth > width || outHeight > height || outWidth < 1 || outHeight < 1) {
            throw new IllegalArgumentException("cannot shrink " + width + "x" + height + " to " + outWidth + "x" + outHeight);
        }
        Footprint columns = new Footprint(width, outWidth);
        Footprint rows = new Footprint(height, outHeight);
        double norm = 1.0 / (columns.scale * rows.scale);
        byte[] out = new byte[outWidth * outHeight * 3];
        float[] row = new float[outWidth * 3];
        float[] sum = new float[outWidth * 3];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(sum, 0f);
            float[] rowWeights = rows.weights[y];
            for (int k = 0; k < rowWeights.length; k++) {
                shrinkRow(bgr, (rows.first[y] + k) * width * 3, columns, row);
                float weight = rowWeights[k];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += weight * row[i];
                }
            }
            int base = y * outWidth * 3;
            for (int i = 0; i < sum.length; i++) {
                out[base + i] = (byte) Math.min(255, Math.round(sum[i] * norm));
            }
        }
        return out;
    }

    private static void shrinkRow(byte[] bgr, int offset, Footprint columns, float[] row) {
        for (int x = 0; x < columns.first.length; x++) {
            float b = 0, g = 0, r = 0;
            float[] weights = columns.weights[x];
            int source = offset + columns.first[x] * 3;
            for (int k = 0; k < weights.length; k++, source += 3) {
                float weight = weights[k];
                b += weight * (bgr[source] & 0xff);
                g += weight * (bgr[source + 1] & 0xff);
                r += weight * (bgr[source + 2] & 0xff);
            }
            row[x * 3] = b;
            row[x * 3 + 1] = g;
            row[x * 3 + 2] = r;
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
