package dev.mlpipeline.sagemaker;

import dev.mlpipeline.core.port.JpegEncoder;
import dev.mlpipeline.core.testing.JpegEncoderContract;

/** The portable encoder, in Java and ImageIO, that a client uses when the host gives none. */
class ImageIoJpegEncoderTest extends JpegEncoderContract {
    private final JpegEncoder encoder = new ImageIoJpegEncoder();

    @Override
    protected JpegEncoder encoder() {
        return encoder;
    }
}
