package dev.mlpipeline.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /uploads/<path>}: the files of the upload folder, as the main backend serves them (the URLs
 * a job's result and a video's fields hold), with a single byte range ({@code bytes=a-b}, {@code a-},
 * {@code -n}; 206, or 416 past the end) so that a browser can seek in a video.
 * Only regular files inside the folder, symbolic links resolved; hidden names (the temporaries of
 * unfinished writes) are not served. 404 for anything else, and when no folder is configured.
 */
final class UploadFiles {
    static final String PREFIX = "/uploads/";
    private static final Map<String, String> TYPES = Map.of(
            "mp4", "video/mp4",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "json", "application/json",
            "geojson", "application/geo+json",
            "gpx", "application/gpx+xml",
            "png", "image/png");

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Optional<Path> root;

    UploadFiles(Optional<Path> root) {
        this.root = root.map(folder -> folder.toAbsolutePath().normalize());
    }

    void serve(Context ctx) throws IOException {
        Path file = find(ctx.pathParam("path")).orElseThrow(() -> ApiException.notFound("File not found"));
        String name = file.getFileName().toString();
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT),
                "application/octet-stream");
        long size = Files.size(file);
        long[] range = range(ctx.header("Range"), size);
        if (range == null) {
            ctx.header("Content-Range", "bytes */" + size);
            throw ApiException.rangeNotSatisfiable("the range asked for lies past the file's " + size + " bytes");
        }
        long first = range[0];
        long length = range[1] - range[0] + 1;
        ctx.header("Accept-Ranges", "bytes").header("Cache-Control", "private, max-age=60");
        if (length < size) {
            ctx.status(206).header("Content-Range", "bytes " + first + "-" + range[1] + "/" + size);
        }
        // no charset: these are bytes (the server adds its default one to any type it is given)
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType(type);
        ctx.res().setContentLengthLong(length);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(first);
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break; // the file shrank meanwhile: the client sees a short body
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
    }

    /**
     * The bytes {@code header} asks for, as {first, last}: the whole file without a header (or with one
     * this server does not take: several ranges, another unit); null when the range lies past the end.
     */
    static long[] range(String header, long size) {
        Matcher one = RANGE.matcher(header == null ? "" : header.strip());
        if (!one.matches() || one.group(1).isEmpty() && one.group(2).isEmpty()) {
            return new long[] {0, size - 1};
        }
        try {
            if (one.group(1).isEmpty()) {
                long last = Long.parseLong(one.group(2));
                return last == 0 || size == 0 ? null : new long[] {Math.max(0, size - last), size - 1};
            }
            long first = Long.parseLong(one.group(1));
            long last = one.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(one.group(2)), size - 1);
            return first >= size || last < first ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            return new long[] {0, size - 1};
        }
    }

    private Optional<Path> find(String relative) throws IOException {
        if (root.isEmpty() || relative.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = root.get().resolve(relative).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!file.startsWith(root.get()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        for (Path part : root.get().relativize(file)) {
            if (part.toString().startsWith(".")) {
                return Optional.empty();
            }
        }
        try {
            // a link out of the folder is not followed
            return file.toRealPath().startsWith(root.get().toRealPath()) ? Optional.of(file) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
