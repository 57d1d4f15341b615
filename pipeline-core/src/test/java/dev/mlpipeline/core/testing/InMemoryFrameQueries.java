package dev.mlpipeline.core.testing;

import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.FrameQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link FrameQueries} over records added by the test; items show frame number, timestamp and count. */
public class InMemoryFrameQueries implements FrameQueries {
    private record Stored(VideoId video, FrameRecord frame, String framePath) {
    }

    private final List<Stored> records = new ArrayList<>();

    public synchronized void add(VideoId video, FrameRecord frame, String framePath) {
        records.add(new Stored(video, frame, framePath));
    }

    @Override
    public synchronized Page page(VideoId video, boolean onlyWithDetections, int limit, int offset) {
        List<Stored> matching = of(video, onlyWithDetections);
        List<Map<String, Object>> items = new ArrayList<>();
        matching.stream().skip(offset).limit(limit).forEach(stored -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("video_id", video.hex());
            item.put("frame_number", stored.frame().frameNumber());
            item.put("timestamp", stored.frame().timestampSeconds());
            item.put("detections_count", stored.frame().detections().size());
            items.add(item);
        });
        return new Page(items, matching.size());
    }

    @Override
    public synchronized List<Located> withDetections(VideoId video) {
        return of(video, true).stream().map(stored -> new Located(stored.frame(), stored.framePath())).toList();
    }

    private List<Stored> of(VideoId video, boolean onlyWithDetections) {
        return records.stream().filter(stored -> stored.video().equals(video))
                .filter(stored -> !onlyWithDetections || !stored.frame().detections().isEmpty())
                .sorted(Comparator.comparingLong(stored -> stored.frame().frameNumber()))
                .toList();
    }
}
