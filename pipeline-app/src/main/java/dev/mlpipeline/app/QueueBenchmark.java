package dev.mlpipeline.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.JobId;
import dev.mlpipeline.core.domain.JobLifecycle;
import dev.mlpipeline.core.domain.JobResult;
import dev.mlpipeline.core.domain.ObjectIds;
import dev.mlpipeline.core.domain.ProcessingStats;
import dev.mlpipeline.core.domain.QueueRules;
import dev.mlpipeline.core.domain.VideoId;
import dev.mlpipeline.core.port.Clock;
import dev.mlpipeline.mongo.MongoJobRepository;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * How fast the embedded database serves the queue, every write committed to its file before it is
 * acknowledged: claims as a worker's polls make them (each also looks for abandoned jobs), and whole
 * jobs (claim, start, complete), for
 * jobs created through {@code POST /jobs} and for jobs the main backend inserts directly (whose claim
 * also writes the hold on their video). Each runs on a fresh queue of {@code jobs} jobs, after a
 * warm-up; the median of {@code runs} runs is reported.
 */
final class QueueBenchmark {
    private static final int WARM_UP = 300;
    private static final Clock CLOCK = Clock.system();
    private static final JobResult RESULT = new JobResult("/uploads/annotated/x.mp4",
            new ProcessingStats(1, 1, Map.of(), 0, 0.1, "x.mp4", 30, 16, 16, 0, Map.of()), null);

    private final int jobs;
    private final int runs;

    QueueBenchmark(int jobs, int runs) {
        this.jobs = jobs;
        this.runs = runs;
    }

    void run(PrintStream out, Path dir) throws IOException {
        try (EmbeddedMongo database = EmbeddedMongo.start(dir.resolve("queue-data"), 0);
                MongoClient client = MongoClients.create(database.uri())) {
            measure(new MongoJobRepository(client.getDatabase("warm_up")), WARM_UP, MongoJobRepository::submit);
            List<double[]> submitted = new ArrayList<>();
            List<double[]> inserted = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                submitted.add(measure(new MongoJobRepository(client.getDatabase("submitted_" + run)), jobs,
                        MongoJobRepository::submit));
                inserted.add(measure(new MongoJobRepository(client.getDatabase("inserted_" + run)), jobs,
                        MongoJobRepository::insert));
            }
            report(out, "submitted through POST /jobs", submitted);
            report(out, "inserted by the main backend", inserted);
        }
    }

    private void report(PrintStream out, String how, List<double[]> seconds) {
        out.printf(Locale.ROOT, "embedded queue, %d jobs %s: %.0f claims/s, %.0f whole jobs/s (claim, start, complete);"
                + " every write committed before its answer%n", jobs, how,
                median(seconds.stream().map(s -> jobs / s[0]).toList()),
                median(seconds.stream().map(s -> jobs / (s[0] + s[1])).toList()));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Seconds to claim every job, and then to start and complete them. */
    private static double[] measure(MongoJobRepository queue, int count, BiConsumer<MongoJobRepository, Job> store) {
        queue.ensureIndexes();
        Instant now = CLOCK.now();
        for (int i = 0; i < count; i++) {
            store.accept(queue, Job.pending(JobId.next(now), VideoId.parse(ObjectIds.next(now)), now.plusMillis(i)));
        }
        long start = System.nanoTime();
        List<Job> claimed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // what a worker's poll does: fail the abandoned jobs, then claim
            queue.failAbandoned(CLOCK.now(), QueueRules.defaults());
            claimed.add(queue.claimNext("benchmark", CLOCK.now(), QueueRules.defaults()).orElseThrow());
        }
        double claiming = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        for (Job job : claimed) {
            queue.apply(JobLifecycle.start(job.token(), "Starting", CLOCK.now()));
            queue.apply(JobLifecycle.complete(job.token(), RESULT, CLOCK.now()));
        }
        return new double[] {claiming, (System.nanoTime() - start) / 1e9};
    }
}
