package dev.mlpipeline.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * With an API token set, every request but {@code GET /health}, the dashboard's page and assets, and a
 * browser's CORS preflight must carry {@code Authorization: Bearer <token>} (reads of {@code /uploads/}
 * files and {@code GET /files} links may carry it as the {@value #COOKIE} cookie instead); others get
 * 401 with a JSON error (an unknown path gets its 404:
 * the routes are no secret, they are documented). The comparison takes the same time whatever the token
 * sent: both sides are hashed and the digests compared with {@link MessageDigest#isEqual}.
 */
final class TokenCheck {
    private static final String BEARER = "Bearer ";
    /** The cookie the dashboard sets so that the browser can load outputs (the upload folder's, links). */
    static final String COOKIE = "ml_pipeline_token";

    private final byte[] expected;

    TokenCheck(String token) {
        this.expected = digest(token);
    }

    void check(Context ctx) {
        if (ctx.method() == HandlerType.OPTIONS || ctx.path().equals("/health") || isPage(ctx)) {
            return;
        }
        String header = ctx.header("Authorization");
        String cookie = ctx.cookie(COOKIE);
        if (header == null && cookie != null && ctx.method() == HandlerType.GET
                && (ctx.path().startsWith(UploadFiles.PREFIX) || ctx.path().equals("/files"))) {
            // a <video> or <img> cannot send a header; a cookie on reads of files only, so that no
            // other site's page can act with it (SameSite=Strict, set by the dashboard)
            header = BEARER + cookie;
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized("this API needs 'Authorization: Bearer <token>'");
        }
        if (!MessageDigest.isEqual(expected, digest(header.substring(BEARER.length()).trim()))) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw ApiException.unauthorized("the bearer token is not the API's");
        }
    }

    /** The dashboard's page and assets: no data in them, and the page asks for the token itself. */
    private static boolean isPage(Context ctx) {
        return ctx.method() == HandlerType.GET && (ctx.path().equals("/") || ctx.path().startsWith(Dashboard.ASSETS));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
