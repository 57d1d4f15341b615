package dev.mlpipeline.mongo;

import com.mongodb.client.model.Updates;
import dev.mlpipeline.core.domain.JobChanges;
import dev.mlpipeline.core.domain.JobField;
import java.util.ArrayList;
import java.util.List;
import org.bson.conversions.Bson;

/** One {@link JobChanges} as one update document: {@code $set}, {@code $unset} and {@code $inc}. */
final class JobUpdates {
    private JobUpdates() {
    }

    /**
     * The update for {@code changes}. Holding a video needs the document's video id, which only a claim
     * sets, and writes on its own (see {@link #ofClaim}).
     */
    static Bson of(JobChanges changes) {
        if (changes.sets().containsKey(JobField.HOLDS_VIDEO)) {
            throw new IllegalArgumentException("the hold on a video is written on its own");
        }
        List<Bson> updates = new ArrayList<>();
        changes.sets().forEach((field, value) ->
                updates.add(Updates.set(WireFormat.fieldName(field),
                        BsonValues.narrow(WireFormat.fieldValue(field, value)))));
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
        return of(claim.without(JobField.HOLDS_VIDEO));
    }
}
