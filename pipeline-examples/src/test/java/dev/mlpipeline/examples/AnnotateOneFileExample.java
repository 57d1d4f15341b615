package dev.mlpipeline.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import dev.mlpipeline.core.port.FrameSource;
import dev.mlpipeline.core.port.InferenceClient;
import dev.mlpipeline.core.service.Annotation;
import dev.mlpipeline.core.service.PipelineSettings;
import dev.mlpipeline.core.service.VideoAnnotator;
import dev.mlpipeline.video.io.JavaCvAnnotatedVideoSink;
import dev.mlpipeline.video.io.JavaCvFrameSource;
import dev.mlpipeline.video.io.JsonDetectionsSink;
import dev.mlpipeline.video.io.VideoEncoding;
import dev.mlpipeline.video.synthetic.SyntheticClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/embedding.md, "Annotate one file": no queue, no database, the host's own model. */
class AnnotateOneFileExample {
    @TempDir
    Path dir;

    @Test
    void annotatesAFileWithTheHostsModel() throws IOException {
        Path input = dir.resolve("clip.mp4");
        SyntheticClip.builder().size(320, 240).fps(30).frames(45).build().writeTo(input);

        // snippet annotate-one-file
        // the host's own model, in its process: here one box over the left half of every sampled frame
        InferenceClient model = InferenceClient.of("host:left-half", 4, frame -> List.of(
                new Detection("sign", 0.9, new BoundingBox(0, 0, frame.width() / 2.0, frame.height()))));
        VideoAnnotator annotator = new VideoAnnotator(new JavaCvFrameSource(), model,
                new JavaCvAnnotatedVideoSink(VideoEncoding.defaults()), new JsonDetectionsSink(),
                PipelineSettings.defaults());
        Annotation done = annotator.annotate(input, input.resolveSibling("annotated_clip.mp4"),
                input.resolveSibling("annotated_clip.detections.json"), () -> false,
                (frames, expected) -> System.out.printf("%d of %d frames%n", frames, expected));
        System.out.println(done.stats().detectionStats() + " in " + done.video());
        // end snippet annotate-one-file

        assertEquals(dir.resolve("annotated_clip.mp4"), done.video());
        assertEquals(45, framesIn(done.video()));
        assertEquals(15L, done.stats().detectionStats().get("sign"), "every 3rd frame is sampled");
        assertTrue(Files.readString(done.detections()).contains("\"sign\""));
    }

    static int framesIn(Path video) throws IOException {
        int frames = 0;
        try (FrameSource.Stream stream = new JavaCvFrameSource().open(video)) {
            while (stream.next().isPresent()) {
                frames++;
            }
        }
        return frames;
    }
}
