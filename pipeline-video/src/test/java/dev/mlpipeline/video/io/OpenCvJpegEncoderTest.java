package dev.mlpipeline.video.io;

import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.testing.JpegEncoderContract;

/** The native encoder that the service hands its model clients. */
class OpenCvJpegEncoderTest extends JpegEncoderContract {
    private final JpegEncoder encoder = new OpenCvJpegEncoder();

    @Override
    protected JpegEncoder encoder() {
        return encoder;
    }
}
