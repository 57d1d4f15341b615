package dev.mlpipeline.app;

/** A configuration value that cannot be used; the message names the variable. */
final class ConfigException extends RuntimeException {
    ConfigException(String message) {
        super(message);
    }
}
