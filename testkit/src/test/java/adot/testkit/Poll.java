package adot.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bounded deadline (no fixed sleeps in tests). */
final class Poll {
    private Poll() {}

    static boolean until(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
