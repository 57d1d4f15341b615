package dev.mlpipeline.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code serve} (the default), {@code demo}, {@code process}, {@code benchmark},
 * {@code health}, {@code warm-up}.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar pipeline-app.jar [command]",
            "  serve                   run the service (the default)",
            "  demo                    make a short clip, run it through the whole service, print what was found",
            "  process <input> [--output <file>] [--detector motion|people|faces|plates|none] [--gpx <track>]",
            "                          annotate one file with no server or database; stats as JSON on stdout",
            "  benchmark [--frames <n>] [--runs <n>] [--pairs <n>] [--short-seconds <s>] [--long-seconds <s>]",
            "            [--large-frames <n>] [--warm-up <n>]",
            "                          measure speed against the ffmpeg command line, memory and start-up against",
            "                          their targets, in one table; exits 1 when one is missed",
            "  health [--url <url>]    ask a running service's /health (http://127.0.0.1:$PORT/health by default);",
            "                          exits 0 when it answers 200, for a container's HEALTHCHECK",
            "  warm-up                 start the service in a temporary folder, ask it once, stop: the training",
            "                          run of the class-data archive that makes start-up faster",
            "configuration: environment variables or ./.env (see README.md)");

    /** Past this, a stop that is still waiting on something (a frozen disk, say) is cut short. */
    private static final Duration HARD_STOP = Duration.ofSeconds(27);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // here, not in run(): a JVM started for this program, not one that embeds or tests it
        HeapFootprint.keepSmall();
        System.exit(run(args));
    }

    /** Runs a command and returns the exit status: 0 done, 1 failed, 2 bad usage or configuration. */
    static int run(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        try {
            Environment env = Environment.load(System.getenv(), Path.of(".env"));
            LogFormat logFormat = LogFormat.from(env);
            if (logFormat != LogFormat.TEXT) {
                logFormat.install(System.err);
            }
            return switch (command) {
                case "serve" -> serve(AppConfig.from(env));
                case "demo" -> new DemoCommand(env).run();
                case "process" -> ProcessCommand.parse(rest, env).run();
                case "benchmark" -> BenchmarkCommand.parse(rest, env).run();
                case "health" -> HealthCommand.parse(rest, env).run();
                case "warm-up" -> new WarmUpCommand().run();
                case "help", "--help", "-h" -> {
                    System.out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            System.err.println("ml-pipeline: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (ConfigException e) {
            System.err.println("ml-pipeline: " + e.getMessage());
            return 2;
        }
    }

    private static int serve(AppConfig config) throws InterruptedException {
        Application app;
        try {
            app = Application.start(config);
        } catch (Exception e) {
            System.err.println("ml-pipeline: could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(HARD_STOP.toMillis());
                    System.err.println("ml-pipeline: still stopping after " + HARD_STOP.toSeconds() + " s; exiting now");
                    Runtime.getRuntime().halt(143);
                } catch (InterruptedException e) {
                    // stopped in time
                }
            }, "shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            app.close();
            watchdog.interrupt();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** Bad command-line words; the message says which. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
