package dev.mlpipeline.mongo;

import dev.mlpipeline.core.domain.Job;
import dev.mlpipeline.core.domain.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                document.append(name, value);
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
        return WireFormat.jobFromMap(plain(document));
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

    /** WireFormat's maps hold ids as hex strings, wherever they are nested. */
    static Map<String, Object> plain(Map<String, ?> document) {
        Map<String, Object> map = new LinkedHashMap<>();
        document.forEach((name, value) -> map.put(name, plainValue(value)));
        return map;
    }

    private static Object plainValue(Object value) {
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> map = new LinkedHashMap<>();
            nested.forEach((name, inner) -> map.put(String.valueOf(name), plainValue(inner)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plainValue(item)));
            return copy;
        }
        return value;
    }
}
