package dev.mlpipeline.http;

import dev.mlpipeline.core.domain.InvalidInputException;
import dev.mlpipeline.core.port.StoreUnavailableException;
import dev.mlpipeline.core.port.VideoNotFoundException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The one place where failures become HTTP answers: every error is a JSON {@code {"error": "..."}}
 * with a status, whether it comes from a route, from core, from Javalin (no route, wrong method, body
 * too large) or from Jetty before Javalin sees the request (a malformed request line). Unexpected
 * exceptions are logged here and answered with a bare 500, never with their message or stack.
 */
final class ErrorMapper {
    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());
    static final String INTERNAL_ERROR = "internal error";

    private final long maxBodyBytes;

    ErrorMapper(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void install(JavalinConfig config) {
        // registering HttpResponseException replaces Javalin's own mapper, which answers in HTML or text
        config.routes.exception(HttpResponseException.class, this::handle);
        config.routes.exception(Exception.class, this::handle);
        config.router.javaLangErrorHandler((response, error) -> {
            LOG.log(Level.ERROR, "error while serving a request", error);
            response.setStatus(500);
            response.setContentType(Json.CONTENT_TYPE);
            try {
                response.getOutputStream().write(Json.bytes(Json.error(INTERNAL_ERROR)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "could not write the 500 body", e);
            }
        });
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    }

    private void handle(Exception exception, Context ctx) {
        Answer answer = translate(exception);
        if (answer.allow() != null) {
            ctx.header("Allow", answer.allow());
        }
        Json.respond(ctx, answer.status(), Json.error(answer.message()));
    }

    private Answer translate(Exception exception) {
        if (exception instanceof ApiException e) {
            return new Answer(e.status(), e.getMessage());
        }
        if (exception instanceof InvalidInputException e) {
            return new Answer(400, e.getMessage());
        }
        if (exception instanceof VideoNotFoundException) {
            return new Answer(404, "Video not found");
        }
        if (exception instanceof StoreUnavailableException e) {
            LOG.log(Level.WARNING, "database unavailable: " + e.getMessage());
            return new Answer(503, "database unavailable: " + e.getMessage());
        }
        if (exception instanceof EndpointNotFound) {
            return new Answer(404, "Not found");
        }
        if (exception instanceof MethodNotAllowedResponse e) {
            // Javalin puts the methods of the path in its one detail, as "GET, POST"
            String allow = e.getDetails().values().stream().findFirst().orElse(null);
            return new Answer(405, "Method not allowed", allow);
        }
        if (exception instanceof HttpResponseException e && e.getStatus() == 413) {
            return new Answer(413, "request body too large: at most " + maxBodyBytes + " bytes");
        }
        if (exception instanceof HttpResponseException e && e.getStatus() < 500) {
            return new Answer(e.getStatus(), e.getMessage());
        }
        LOG.log(Level.ERROR, "unexpected error while serving a request", exception);
        return new Answer(500, INTERNAL_ERROR);
    }

    private record Answer(int status, String message, String allow) {
        Answer(int status, String message) {
            this(status, message, null);
        }
    }

    /** Jetty's answer to requests that never reach Javalin, such as a malformed URI: JSON too. */
    private static final class JsonErrorHandler extends ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                Throwable cause, Callback callback) {
            String error = code >= 500 ? INTERNAL_ERROR : org.eclipse.jetty.http.HttpStatus.getMessage(code);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
            response.write(true, ByteBuffer.wrap(Json.bytes(Json.error(error))), callback);
        }
    }
}
