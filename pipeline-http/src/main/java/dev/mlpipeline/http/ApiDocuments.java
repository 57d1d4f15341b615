package dev.mlpipeline.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's description, {@code GET /openapi.json} (OpenAPI 3, written by hand beside the routes and
 * held against them by a test), and {@code GET /docs}, a page that reads it; both are resources of this
 * module, read once.
 */
enum ApiDocuments {
    OPENAPI("openapi.json", Json.CONTENT_TYPE),
    READER("docs.html", "text/html; charset=utf-8");

    private final String contentType;
    private final byte[] bytes;

    ApiDocuments(String resource, String contentType) {
        this.contentType = contentType;
        try (InputStream in = ApiDocuments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            this.bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    void serve(Context ctx) {
        ctx.contentType(contentType).result(bytes);
    }
}
