package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.Job;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Jobs to and from {@code processing_jobs} documents; WireFormat decides every name and value form. */
final class JobDocuments {
    private static final System.Logger LOG = System.getLogger(JobDocuments.class.getName());

    private JobDocuments() {
    }

    /** The document to insert: ids as ObjectIds, as the main backend writes them; unset fields left out. */
    static Document toDocument(Job job) {
        Document document = new Document();
        WireFormat.jobToMap(job).forEach((name, value) -> {
            if (value != null) {
                document.append(name, BsonValues.narrow(value));
            }
        });
        document.put(JobFields.ID, new ObjectId(job.id().hex()));
        document.put(JobFields.VIDEO_ID, new ObjectId(job.videoId().hex()));
        if (job.holdsVideo()) {
            document.put(JobFields.ACTIVE_VIDEO_ID, new ObjectId(job.videoId().hex()));
        }
        return document;
    }

    static Job fromDocument(Document document) {
        return WireFormat.jobFromMap(BsonValues.plain(document));
    }

    /** The job, or empty (with a warning) for a document another program wrote in a form we cannot read. */
    static Optional<Job> tryFromDocument(Document document) {
        try {
            return Optional.of(fromDocument(document));
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.log(System.Logger.Level.WARNING, "skipping unreadable job document " + document.get(JobFields.ID)
                    + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
