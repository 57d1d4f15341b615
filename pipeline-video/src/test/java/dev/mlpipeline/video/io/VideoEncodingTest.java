package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoEncodingTest {

    @Test
    void defaultsToCrf23AndPresetVeryfast() {
        assertEquals(new VideoEncoding(23, "veryfast"), VideoEncoding.defaults());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 52, 400})
    void rejectsACrfOutside0To51(int crf) {
        assertThrows(IllegalArgumentException.class, () -> new VideoEncoding(crf, "veryfast"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"turbo", "VeryFast", "", "very fast"})
    void rejectsAPresetX264DoesNotKnow(String preset) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoEncoding(23, preset));
        assertEquals(true, e.getMessage().contains("ultrafast"), "lists the valid ones: " + e.getMessage());
    }

    @Test
    void acceptsEveryX264PresetAndTheWholeCrfRange() {
        for (String preset : VideoEncoding.PRESETS) {
            assertEquals(preset, new VideoEncoding(0, preset).preset());
            assertEquals(51, new VideoEncoding(51, preset).crf());
        }
    }
}
