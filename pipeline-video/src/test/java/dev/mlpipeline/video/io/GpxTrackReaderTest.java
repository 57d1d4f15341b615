package dev.mlpipeline.video.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.TrackPoint;
import dev.mlpipeline.core.port.TrackFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GpxTrackReaderTest {
    @TempDir
    Path dir;
    private final GpxTrackReader reader = new GpxTrackReader();

    private GpsTrack read(String xml) throws IOException {
        Path file = dir.resolve("track.gpx");
        Files.writeString(file, xml);
        return reader.read(file);
    }

    @Test
    void readsExiftoolsPrintFormatWithTheTimeInAnAttribute() throws IOException {
        GpsTrack track = read("""
                <?xml version="1.0" encoding="utf-8"?>
                <gpx version="1.0" creator="ExifTool"><trk><number>1</number><trkseg>
                <trkpt lat="25.296953" lon="51.446461" timestamp="2025:03:14 07:21:05Z" speed="8.2"></trkpt>
                <trkpt lat="25.297053" lon="51.446561" timestamp="2025:03:14 07:21:06Z" speed="8.1"></trkpt>
                </trkseg></trk></gpx>
                """);

        assertTrue(track.timed());
        assertEquals(new TrackPoint(25.296953, 51.446461, null, Instant.parse("2025-03-14T07:21:05Z")),
                track.points().get(0));
        assertEquals(2, track.points().size());
    }

    @Test
    void readsGpx11WithElevationAndTimeChildren() throws IOException {
        GpsTrack track = read("""
                <gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
                <trkpt lat="25.296953" lon="51.446461"><ele>12.5</ele><time>2025-03-14T07:21:05Z</time></trkpt>
                <trkpt lat="25.2970" lon="51.4465"><ele>13</ele><time>2025-03-14T07:21:06.500Z</time>
                  <extensions><speed>8</speed></extensions></trkpt>
                </trkseg></trk></gpx>
                """);

        assertEquals(new TrackPoint(25.296953, 51.446461, 12.5, Instant.parse("2025-03-14T07:21:05Z")),
                track.points().get(0));
        assertEquals(Instant.parse("2025-03-14T07:21:06.500Z"), track.points().get(1).time());
    }

    @Test
    void aTrackWithoutTimesIsReadAsUntimed() throws IOException {
        GpsTrack track = read("<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/><trkpt lat=\"1.5\" lon=\"2\"/>"
                + "</trkseg></trk></gpx>");

        assertFalse(track.timed());
        assertNull(track.points().get(1).altitude());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not xml at all", "<gpx><trk></trk></gpx>", "<gpx><trkpt lat=\"95\" lon=\"2\"/></gpx>",
            "<gpx><trkpt lat=\"1\" lon=\"200\"/></gpx>", "<gpx><trkpt lat=\"north\" lon=\"2\"/></gpx>",
            "<gpx><trkpt lon=\"2\"/></gpx>", "<gpx><trkpt lat=\"1\" lon=\"2\" timestamp=\"yesterday\"/></gpx>",
            "<gpx><trkpt lat=\"1\" lon=\"2\"><ele>high</ele></trkpt></gpx>", "<gpx><trkpt lat=\"1\" lon=\"2\">"})
    void aBadTrackIsATrackFormatExceptionSayingWhy(String xml) {
        TrackFormatException e = assertThrows(TrackFormatException.class, () -> read(xml));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void refusesExternalEntities() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "42");
        TrackFormatException e = assertThrows(TrackFormatException.class, () -> read(
                "<!DOCTYPE gpx [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                        + "<gpx><trkpt lat=\"&x;\" lon=\"2\"/></gpx>"));
        assertFalse(e.getMessage().contains("42"));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> reader.read(dir.resolve("none.gpx")));
    }
}
