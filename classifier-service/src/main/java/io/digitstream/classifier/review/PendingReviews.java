package io.digitstream.classifier.review;

import io.digitstream.schemas.ReviewRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The review requests waiting on this instance's review page: the newest {@code capacity} by arrival (an older one
 * is dropped when a new one would pass it; it stays on the review topic), one per image id, shown oldest first.
 * Thread-safe.
 */
public final class PendingReviews {

    private final int capacity;
    private final LinkedHashMap<String, ReviewRequest> byId = new LinkedHashMap<>();
    private long dropped;

    public PendingReviews(int capacity) {
        this.capacity = ReviewConfig.PENDING_MAX.check(capacity);
    }

    /** Adds a request (replacing one for the same image), dropping the oldest past the capacity. */
    public synchronized void add(ReviewRequest request) {
        byId.remove(request.getId());
        byId.put(request.getId(), request);
        for (Iterator<String> oldest = byId.keySet().iterator(); byId.size() > capacity; ) {
            oldest.next();
            oldest.remove();
            dropped++;
        }
    }

    /** The request shown next: the oldest kept. */
    public synchronized Optional<ReviewRequest> next() {
        return byId.values().stream().findFirst();
    }

    public synchronized Optional<ReviewRequest> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Removes and returns the request of {@code id}, if it is pending. */
    public synchronized Optional<ReviewRequest> take(String id) {
        return Optional.ofNullable(byId.remove(id));
    }

    /** Puts the request of {@code id} last, behind every other; false when it is not pending. */
    public synchronized boolean skip(String id) {
        ReviewRequest request = byId.remove(id);
        if (request != null) {
            byId.put(id, request);
        }
        return request != null;
    }

    public synchronized int size() {
        return byId.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Requests dropped for the capacity since start. */
    public synchronized long dropped() {
        return dropped;
    }
}
