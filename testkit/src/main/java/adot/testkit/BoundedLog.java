package adot.testkit;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;

/** A thread-safe log that keeps the newest {@code capacity} entries. */
final class BoundedLog<T> {
    private final int capacity;
    private final ArrayDeque<T> entries = new ArrayDeque<>();
    private long dropped;

    BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
            dropped++;
        }
        entries.addLast(entry);
    }

    synchronized List<T> snapshot() {
        return List.copyOf(entries);
    }

    synchronized <R> List<R> snapshot(Function<T, R> mapper) {
        return entries.stream().map(mapper).toList();
    }

    /** Entries evicted because the log was full, since the last clear. */
    synchronized long dropped() {
        return dropped;
    }

    synchronized void clear() {
        entries.clear();
        dropped = 0;
    }
}
