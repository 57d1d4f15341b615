package dev.mlpipeline.video.io;

import dev.mlpipeline.core.domain.GpsTrack;
import dev.mlpipeline.core.domain.TrackPoint;
import dev.mlpipeline.core.port.TrackFormatException;
import dev.mlpipeline.core.port.TrackReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the track points ({@code <trkpt lat lon>}) of a GPX file in the two forms the main backend's
 * exiftool extraction produces: exiftool's print format, with the time in a {@code timestamp}
 * attribute ({@code 2025:03:14 07:21:05Z}), and standard GPX 1.1, with {@code <time>} and
 * {@code <ele>} children. Namespaces are ignored, so GPX 1.0 reads too. DTDs and external entities
 * are refused (a track file comes from an upload). Thread-safe.
 */
public final class GpxTrackReader implements TrackReader {
    private static final DateTimeFormatter EXIFTOOL = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss[.SSS][XXX]");

    private final XMLInputFactory factory;

    public GpxTrackReader() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    @Override
    public GpsTrack read(Path file) throws IOException {
        List<TrackPoint> points = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml;
            synchronized (factory) {
                xml = factory.createXMLStreamReader(in);
            }
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("trkpt")) {
                        points.add(point(xml, points.size()));
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new TrackFormatException("not a GPX file: " + e.getMessage(), e);
        }
        if (points.isEmpty()) {
            throw new TrackFormatException("no track points (<trkpt>) in " + file.getFileName(), null);
        }
        return new GpsTrack(points);
    }

    /** A {@code <trkpt>}, read up to its end tag. */
    private static TrackPoint point(XMLStreamReader xml, int index) throws XMLStreamException, TrackFormatException {
        String where = "track point " + index;
        double lat = number(xml.getAttributeValue(null, "lat"), where + " lat");
        double lon = number(xml.getAttributeValue(null, "lon"), where + " lon");
        String stamp = xml.getAttributeValue(null, "timestamp");
        Instant time = stamp == null ? null : time(stamp, where);
        Double altitude = null;
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && xml.getLocalName().equals("ele")) {
                    altitude = number(xml.getElementText().strip(), where + " ele");
                    depth--;
                } else if (depth == 2 && xml.getLocalName().equals("time")) {
                    time = time(xml.getElementText().strip(), where);
                    depth--;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        try {
            return new TrackPoint(lat, lon, altitude, time);
        } catch (IllegalArgumentException e) {
            throw new TrackFormatException(where + ": " + e.getMessage(), e);
        }
    }

    private static double number(String text, String what) throws TrackFormatException {
        if (text == null) {
            throw new TrackFormatException(what + " is missing", null);
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new TrackFormatException(what + " is not a number: '" + text + "'", e);
        }
    }

    /** GPX's ISO-8601 ({@code 2025-03-14T07:21:05Z}) or exiftool's {@code 2025:03:14 07:21:05Z}; UTC without a zone. */
    private static Instant time(String text, String where) throws TrackFormatException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                var parsed = EXIFTOOL.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
                return parsed instanceof OffsetDateTime offset ? offset.toInstant()
                        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException naive) {
                    throw new TrackFormatException(where + ": '" + text + "' is not a time", naive);
                }
            }
        }
    }
}
