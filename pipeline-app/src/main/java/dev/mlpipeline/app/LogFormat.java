package dev.mlpipeline.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.OutputStream;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code LOG_FORMAT}: {@code text}, the lines logback.xml writes ("time [LEVEL] Logger - message"), or
 * {@code json}, one JSON object per line (Logback's JsonEncoder: timestamp in epoch milliseconds, level,
 * threadName, loggerName, mdc with the job's {@code job_id} and {@code video_id} on the worker's lines,
 * formattedMessage, throwable), for a log shipper to read without parsing text.
 */
enum LogFormat {
    TEXT, JSON;

    static LogFormat from(Environment env) {
        String value = env.string("LOG_FORMAT", "text");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigException("Invalid LOG_FORMAT: '" + value + "' (use text or json)");
        };
    }

    /**
     * Every log line from now on in this format: JSON to {@code out}, in place of the appenders before;
     * text as logback.xml sets it up (to standard error), which is also how the process starts.
     */
    void install(OutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (this == TEXT) {
            // logback.xml again, so that its pattern is the one place the text lines are defined
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("logback.xml cannot be read: " + e.getMessage(), e);
            }
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(json(context));
        appender.setOutputStream(out);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    private static JsonEncoder json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        // the message as written, once: no unformatted copy, arguments or per-context noise
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        return json;
    }
}
