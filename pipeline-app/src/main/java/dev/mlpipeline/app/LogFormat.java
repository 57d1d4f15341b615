package dev.mlpipeline.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
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

    /** The pattern of logback.xml's console appender: the same lines whichever way they are set up. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%level] %logger{0} - %msg%n";

    static LogFormat from(Environment env) {
        String value = env.string("LOG_FORMAT", "text");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigException("Invalid LOG_FORMAT: '" + value + "' (use text or json)");
        };
    }

    /** Every log line from now on goes to {@code out} in this format, in place of the appenders before. */
    void install(OutputStream out) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder(context));
        appender.setOutputStream(out);
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context) {
        if (this == TEXT) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern(TEXT_PATTERN);
            text.start();
            return text;
        }
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
