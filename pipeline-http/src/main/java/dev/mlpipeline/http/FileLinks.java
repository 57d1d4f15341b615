package dev.mlpipeline.http;

import dev.mlpipeline.core.port.VideoStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /files?url=<url>}: a redirect that a browser can follow to read an output named by the URL
 * that a job's result or a frame record holds, whatever the store: an {@code /uploads/} URL to itself
 * (the service serves the upload folder), an {@code s3://} URL among the service's outputs to a
 * presigned GET valid for {@link #VALID}. So the dashboard's {@code <video>} and {@code <img>} show
 * outputs in S3, which a browser cannot read by their {@code s3://} URLs. 404 for a URL that no store
 * gives a link for (another bucket, say: a link must not open what the service may read but did not
 * publish), 400 without a URL, 503 when the store cannot sign one.
 */
final class FileLinks {
    /** Long enough to watch a video through, short enough that a copied link soon stops working. */
    static final Duration VALID = Duration.ofHours(1);

    private final List<VideoStore> stores;

    FileLinks(List<VideoStore> stores) {
        this.stores = List.copyOf(stores);
    }

    void redirect(Context ctx) {
        String url = ctx.queryParam("url");
        if (url == null || url.isBlank()) {
            throw ApiException.badRequest("'url' is required: the URL of an output, such as s3://bucket/key or"
                    + " /uploads/annotated/clip.mp4");
        }
        if (url.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw ApiException.badRequest("'url' holds control characters");
        }
        String target = url.startsWith(UploadFiles.PREFIX) ? url : link(url).toString();
        // links expire: a cached redirect would outlive its link
        ctx.header("Cache-Control", "no-store");
        ctx.redirect(target, HttpStatus.FOUND);
    }

    private URI link(String url) {
        for (VideoStore store : stores) {
            if (store.holds(url)) {
                Optional<URI> link;
                try {
                    link = store.readLink(url, VALID);
                } catch (IOException e) {
                    throw ApiException.unavailable("could not make a link to " + url + ": " + e.getMessage());
                }
                if (link.isPresent()) {
                    return link.get();
                }
            }
        }
        throw ApiException.notFound("no link to '" + url + "': not an output of this service");
    }
}
