package dev.mlpipeline.mongo;

import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.JobChanges;
import dev.mlpipeline.core.domain.JobField;
import dev.mlpipeline.core.domain.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/** One {@link JobChanges} as one update document: {@code $set}, {@code $unset} and {@code $inc}. */
final class JobUpdates {
    private JobUpdates() {
    }

    /**
     * The update for {@code changes}. {@code videoId} is what holding the video stores (the claimed
     * document's own {@code video_id}); only a claim sets it, so other changes pass null.
     */
    static Bson of(JobChanges changes, Object videoId) {
        List<Bson> updates = new ArrayList<>();
        changes.sets().forEach((field, value) -> {
            String name = WireFormat.fieldName(field);
            if (field == JobField.HOLDS_VIDEO) {
                if (videoId == null) {
                    throw new IllegalArgumentException("holding a video needs the job's video id");
                }
                if (videoId != Skip.HOLD) {
                    updates.add(Updates.set(name, videoId));
                }
            } else {
                updates.add(Updates.set(name, bson(WireFormat.fieldValue(field, value))));
            }
        });
        changes.unsets().forEach(field -> updates.add(Updates.unset(WireFormat.fieldName(field))));
        if (changes.attemptsDelta() != 0) {
            updates.add(Updates.inc(JobFields.ATTEMPTS, changes.attemptsDelta()));
        }
        return Updates.combine(updates);
    }

    /**
     * A claim's update without its hold on the video, which needs the claimed document's video id and
     * is written next (see MongoJobRepository#claimNext).
     */
    static Bson ofClaim(JobChanges claim) {
        return of(claim, Skip.HOLD);
    }

    /** Stands in for the video id when the hold is written separately. */
    private enum Skip {
        HOLD
    }

    @SuppressWarnings("unchecked")
    private static Object bson(Object value) {
        return value instanceof Map<?, ?> map ? new Document((Map<String, Object>) map) : value;
    }
}
