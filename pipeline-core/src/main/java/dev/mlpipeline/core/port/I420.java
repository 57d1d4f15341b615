package dev.mlpipeline.core.port;

/**
 * I420 to packed BGR, in plain Java so that the core needs no native code: ITU-R BT.601 with limited
 * range (Y 16..235), what decoders of ordinary video produce and what FFmpeg and OpenCV assume for it,
 * in 16-bit fixed point. Stateless.
 */
final class I420 {
    // the BT.601 limited-range coefficients times 65536
    private static final int Y_SCALE = 76309; // 1.164
    private static final int V_TO_R = 104597; // 1.596
    private static final int U_TO_G = 25675; // 0.392
    private static final int V_TO_G = 53279; // 0.813
    private static final int U_TO_B = 132201; // 2.017
    private static final int HALF = 1 << 15;

    private I420() {
    }

    static byte[] toBgr(byte[] yuv, int width, int height) {
        int chromaWidth = (width + 1) / 2;
        int uPlane = width * height;
        int vPlane = uPlane + chromaWidth * ((height + 1) / 2);
        byte[] bgr = new byte[width * height * 3];
        int out = 0;
        for (int y = 0; y < height; y++) {
            int chromaRow = (y >> 1) * chromaWidth;
            for (int x = 0; x < width; x++) {
                int luma = ((yuv[y * width + x] & 0xff) - 16) * Y_SCALE + HALF;
                int u = (yuv[uPlane + chromaRow + (x >> 1)] & 0xff) - 128;
                int v = (yuv[vPlane + chromaRow + (x >> 1)] & 0xff) - 128;
                bgr[out++] = clamp((luma + U_TO_B * u) >> 16);
                bgr[out++] = clamp((luma - U_TO_G * u - V_TO_G * v) >> 16);
                bgr[out++] = clamp((luma + V_TO_R * v) >> 16);
            }
        }
        return bgr;
    }

    private static byte clamp(int value) {
        return (byte) (value < 0 ? 0 : Math.min(255, value));
    }
}
