package dev.mlpipeline.video.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.port.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DetectorConcurrencyTest {
    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 6;

    @Test
    void peopleDetectorGivesTheSameAnswerWhenCalledFromSeveralThreadsAtOnce() throws Exception {
        assertSameAnswerFromEveryThread(new PeopleDetector(), DetectorTestImages.pedestrian(480, 320, 200, 60, 180));
    }

    @Test
    void faceDetectorGivesTheSameAnswerWhenCalledFromSeveralThreadsAtOnce() throws Exception {
        assertSameAnswerFromEveryThread(CascadeDetector.faces(), DetectorTestImages.resource("astronaut-face.jpg"));
    }

    @Test
    void plateDetectorGivesTheSameAnswerWhenCalledFromSeveralThreadsAtOnce() throws Exception {
        assertSameAnswerFromEveryThread(CascadeDetector.licencePlates(), DetectorTestImages.numberPlate(320, 200, 60, 90, 200));
    }

    private static void assertSameAnswerFromEveryThread(InferenceClient detector, VideoFrame frame) throws Exception {
        List<Detection> expected = detector.detect(frame);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<Detection>>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<List<Detection>> answers = new ArrayList<>();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        answers.add(detector.detect(frame));
                    }
                    return answers;
                }));
            }
            start.countDown();
            for (Future<List<List<Detection>>> result : results) {
                for (List<Detection> answer : result.get(30, TimeUnit.SECONDS)) {
                    assertEquals(expected, answer);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(false, expected.isEmpty(), "the frame should hold something to find");
    }
}
