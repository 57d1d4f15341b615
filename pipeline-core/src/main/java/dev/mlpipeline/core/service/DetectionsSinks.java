package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.FrameRecord;
import dev.mlpipeline.core.port.DetectionsSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Several {@link DetectionsSink}s as one: every frame goes to each, in the order given. */
public final class DetectionsSinks {
    private DetectionsSinks() {
    }

    /**
     * One sink over {@code sinks}. Commits go in order and stop at the first failure; whatever was
     * committed before it is then taken back by {@link DetectionsSink.Record#discardCommitted}.
     *
     * @param sinks the sinks, in order; copied
     * @return the only sink when there is one, else one sink that writes to each (to none when empty)
     * @throws NullPointerException when {@code sinks} is or holds null
     */
    public static DetectionsSink all(List<DetectionsSink> sinks) {
        List<DetectionsSink> each = List.copyOf(sinks);
        if (each.size() == 1) {
            return each.get(0);
        }
        return (target, header) -> {
            List<DetectionsSink.Record> records = new ArrayList<>();
            try {
                for (DetectionsSink sink : each) {
                    records.add(sink.open(target, header));
                }
            } catch (IOException | RuntimeException e) {
                records.forEach(DetectionsSink.Record::close);
                throw e;
            }
            return new Both(records);
        };
    }

    private record Both(List<DetectionsSink.Record> records) implements DetectionsSink.Record {
        @Override
        public void frame(FrameRecord frame) throws IOException {
            for (DetectionsSink.Record record : records) {
                record.frame(frame);
            }
        }

        @Override
        public void commit(DetectionsSink.Summary summary) throws IOException {
            List<DetectionsSink.Record> committed = new ArrayList<>();
            try {
                for (DetectionsSink.Record record : records) {
                    record.commit(summary);
                    committed.add(record);
                }
            } catch (IOException | RuntimeException e) {
                for (DetectionsSink.Record record : committed) {
                    try {
                        record.discardCommitted();
                    } catch (IOException | RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
        }

        @Override
        public void discardCommitted() throws IOException {
            IOException first = null;
            for (DetectionsSink.Record record : records) {
                try {
                    record.discardCommitted();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }

        @Override
        public void close() {
            records.forEach(DetectionsSink.Record::close);
        }
    }
}
