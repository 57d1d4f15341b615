package dev.mlpipeline.http;

import dev.mlpipeline.core.domain.MappedObject;
import dev.mlpipeline.core.port.FrameQueries;
import dev.mlpipeline.core.service.VideoService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /videos/{id}/frames} (the main backend's page shape: {@code items}, {@code total},
 * {@code limit}, {@code offset}) and {@code GET /videos/{id}/objects.geojson} (the map layer).
 */
final class VideoRoutes {
    static final String GEOJSON = "application/geo+json";

    private final VideoService videos;

    VideoRoutes(VideoService videos) {
        this.videos = videos;
    }

    void frames(Context ctx) {
        int limit = QueryNumbers.clamped(ctx.queryParam("limit"), 1, VideoService.MAX_PAGE, VideoService.DEFAULT_PAGE,
                "limit must be a whole number");
        int offset = QueryNumbers.clamped(ctx.queryParam("offset"), 0, Integer.MAX_VALUE, 0,
                "offset must be a whole number");
        String filter = ctx.queryParam("has_detections");
        boolean onlyWithDetections = filter != null && (filter.equalsIgnoreCase("true") || filter.equals("1"));
        FrameQueries.Page page = videos.frames(ctx.pathParam("id"), onlyWithDetections, limit, offset);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(JobJson::shown).toList());
        body.put("total", page.total());
        body.put("limit", limit);
        body.put("offset", offset);
        Json.respond(ctx, 200, body);
    }

    void objects(Context ctx) {
        List<Map<String, Object>> features = videos.objects(ctx.pathParam("id")).stream()
                .map(VideoRoutes::feature).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "FeatureCollection");
        body.put("features", features);
        ctx.status(200).contentType(GEOJSON).result(Json.bytes(body));
    }

    private static Map<String, Object> feature(MappedObject object) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("class_name", object.className());
        properties.put("track_id", object.trackId());
        properties.put("first_seen", object.firstSeen());
        properties.put("last_seen", object.lastSeen());
        properties.put("frames_seen", object.framesSeen());
        properties.put("best_confidence", object.bestConfidence());
        properties.put("best_frame", object.bestFrame());
        properties.put("frame_path", object.framePath());
        if (object.position().estimated()) {
            properties.put("gps_estimated", true);
        }
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("geometry", Map.of("type", "Point",
                "coordinates", List.of(object.position().lon(), object.position().lat())));
        feature.put("properties", properties);
        return feature;
    }
}
