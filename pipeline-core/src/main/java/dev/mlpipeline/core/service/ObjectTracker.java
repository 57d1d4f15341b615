package dev.mlpipeline.core.service;

import dev.mlpipeline.core.domain.BoundingBox;
import dev.mlpipeline.core.domain.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Links the detections of a video's sampled frames into tracks, one per object, so that an object seen
 * on 40 sampled frames counts once. Per class, each live track's box is predicted at the new frame
 * from its last box and velocity, and detections are matched to predictions greedily by
 * intersection over union (at least {@link TrackingPolicy#minIou()}); the tracks and detections left
 * are then matched the same way by where each track was last seen (an object that stopped or turned
 * back, which its velocity misplaces); an unmatched detection starts a track, and a track missed on more than {@link TrackingPolicy#maxGap()} sampled frames in a row ends.
 * Between samples, {@link #between} moves each track seen at the last sample along its velocity, so that
 * boxes follow their objects instead of standing still. Track ids count from 1 per video. Not
 * thread-safe: one per video, on the encoding thread.
 */
public final class ObjectTracker {
    private final TrackingPolicy policy;
    private final List<Track> live = new ArrayList<>();
    private final Map<String, Long> started = new LinkedHashMap<>();
    private int nextId = 1;
    private long lastSample = -1;

    /**
     * A tracker with no track yet.
     *
     * @param policy how detections are linked
     * @throws NullPointerException when {@code policy} is null
     */
    public ObjectTracker(TrackingPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
    }

    /**
     * The detections of the sampled frame {@code frame}, each on its track.
     *
     * @param frame the sampled frame's number, after the last sample's
     * @param detections the frame's detections, only those to keep (over the confidence threshold)
     * @return the same detections in the same order, each on its track
     */
    public List<Detection> sample(long frame, List<Detection> detections) {
        lastSample = frame;
        Track[] matchedTrack = new Track[detections.size()];
        boolean[] trackTaken = new boolean[live.size()];
        match(frame, detections, true, matchedTrack, trackTaken);
        // what motion alone did not match, by where each track was last seen: an object that stopped,
        // or turned back at a wall, is where its velocity says it is not
        match(frame, detections, false, matchedTrack, trackTaken);
        for (int t = 0; t < live.size(); t++) {
            if (!trackTaken[t]) {
                live.get(t).missed++;
            }
        }
        live.removeIf(track -> track.missed > policy.maxGap());
        List<Detection> tracked = new ArrayList<>(detections.size());
        for (int d = 0; d < detections.size(); d++) {
            Detection detection = detections.get(d);
            Track track = matchedTrack[d];
            if (track == null) {
                track = new Track(nextId++, detection.className());
                live.add(track);
                started.merge(detection.className(), 1L, Long::sum);
            }
            track.seen(frame, detection);
            tracked.add(detection.onTrack(track.id));
        }
        return tracked;
    }

    /**
     * Matches the tracks and detections not yet taken, greedily by overlap (at least the policy's), with
     * each track's box {@code predicted} at the frame along its velocity, or where it was last seen.
     */
    private void match(long frame, List<Detection> detections, boolean predicted, Track[] matchedTrack,
            boolean[] trackTaken) {
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < live.size(); t++) {
            if (trackTaken[t]) {
                continue;
            }
            Track track = live.get(t);
            BoundingBox box = predicted ? track.at(frame) : track.last.box();
            for (int d = 0; d < detections.size(); d++) {
                Detection detection = detections.get(d);
                double iou = matchedTrack[d] == null && detection.className().equals(track.className)
                        ? box.iou(detection.box()) : 0;
                if (iou >= policy.minIou()) {
                    candidates.add(new Candidate(t, d, iou));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::iou).reversed());
        for (Candidate candidate : candidates) {
            if (!trackTaken[candidate.track] && matchedTrack[candidate.detection] == null) {
                trackTaken[candidate.track] = true;
                matchedTrack[candidate.detection] = live.get(candidate.track);
            }
        }
    }

    /**
     * Frame {@code frame}'s boxes when it was not sampled: the tracks seen at the last sample, moved on.
     *
     * @param frame the frame's number
     * @return a box for each track seen at the last sample, moved along its velocity; empty before the
     *     first sample
     */
    public List<Detection> between(long frame) {
        List<Detection> moved = new ArrayList<>();
        for (Track track : live) {
            if (track.lastFrame == lastSample) {
                moved.add(track.last.movedTo(track.at(frame)));
            }
        }
        return moved;
    }

    /**
     * How many objects (tracks) of each class were seen so far, in the order classes first came.
     *
     * @return the counts by class; a copy, unmodifiable
     */
    public Map<String, Long> uniqueCounts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(started));
    }

    private record Candidate(int track, int detection, double iou) {
    }

    private static final class Track {
        private final int id;
        private final String className;
        private Detection last;
        private long lastFrame;
        private double[] velocity = new double[4];
        private int missed;

        Track(int id, String className) {
            this.id = id;
            this.className = className;
        }

        void seen(long frame, Detection detection) {
            if (last != null && frame > lastFrame) {
                BoundingBox from = last.box();
                BoundingBox to = detection.box();
                double frames = frame - lastFrame;
                velocity = new double[] {(to.x1() - from.x1()) / frames, (to.y1() - from.y1()) / frames,
                        (to.x2() - from.x2()) / frames, (to.y2() - from.y2()) / frames};
            }
            last = detection.onTrack(id);
            lastFrame = frame;
            missed = 0;
        }

        BoundingBox at(long frame) {
            BoundingBox box = last.box();
            double frames = frame - lastFrame;
            return new BoundingBox(box.x1() + velocity[0] * frames, box.y1() + velocity[1] * frames,
                    box.x2() + velocity[2] * frames, box.y2() + velocity[3] * frames);
        }
    }
}
