package dev.mlpipeline.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web dashboard: {@code GET /} and its assets at {@code GET /dashboard/<file>}, built from npm
 * packages when the module is built (src/main/dashboard) and served from the jar, nothing from
 * outside. The page calls the API itself; it holds no data, so it needs no token (its API calls do).
 */
final class Dashboard {
    static final String ASSETS = "/dashboard/";
    private static final String FOLDER = "dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "map", Json.CONTENT_TYPE);

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void index(Context ctx) throws IOException {
        serve(ctx, "index.html");
    }

    void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("file");
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw ApiException.notFound("Not found");
        }
        serve(ctx, name);
    }

    private void serve(Context ctx, String name) throws IOException {
        byte[] bytes = cache.get(name);
        if (bytes == null) {
            try (InputStream in = Dashboard.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw ApiException.notFound("Not found");
                }
                bytes = in.readAllBytes();
            }
            cache.put(name, bytes);
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT),
                "application/octet-stream")).result(bytes);
    }
}
