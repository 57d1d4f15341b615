package dev.mlpipeline.video.draw;

import java.nio.charset.StandardCharsets;

/**
 * A colour per class name, the same in every frame, every run and every JVM: the palette index is a
 * hash of the name's bytes (FNV-1a), not an order of first appearance that would differ between
 * videos. Colours are saturated and dark enough for the white label text to read. Thirteen of them:
 * the local detectors' four classes all get different ones.
 */
final class ClassColours {
    // RGB, from Sasha Trubetskoy's list of distinct colours, light ones left out
    private static final int[] PALETTE_RGB = {
        0xE6194B, 0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0xF032E6,
        0x469990, 0x9A6324, 0x800000, 0x808000, 0x000075, 0xC71585, 0xB8860B,
    };

    private ClassColours() {
    }

    /** Blue, green, red: OpenCV's channel order. */
    static int[] bgrOf(String className) {
        // multiply-shift takes the hash's well-mixed high bits; a plain modulo would use its weak low ones
        int index = (int) ((Integer.toUnsignedLong(fnv1a(className)) * PALETTE_RGB.length) >>> 32);
        int rgb = PALETTE_RGB[index];
        return new int[] {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF};
    }

    private static int fnv1a(String text) {
        int hash = 0x811C9DC5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        return hash;
    }
}
