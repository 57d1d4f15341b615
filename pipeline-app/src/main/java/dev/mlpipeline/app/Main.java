package dev.mlpipeline.app;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar pipeline-app.jar [serve]}: runs the service until SIGTERM or Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        if (!command.equals("serve")) {
            System.err.println("usage: java -jar pipeline-app.jar [serve]");
            System.exit(2);
        }
        AppConfig config;
        try {
            config = AppConfig.from(Environment.load(System.getenv(), Path.of(".env")));
        } catch (ConfigException e) {
            System.err.println("ml-pipeline: " + e.getMessage());
            System.exit(2);
            return;
        }
        serve(config);
    }

    private static void serve(AppConfig config) throws Exception {
        Application app;
        try {
            app = Application.start(config);
        } catch (Exception e) {
            System.err.println("ml-pipeline: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
