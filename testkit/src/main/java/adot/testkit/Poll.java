package adot.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for something that happens on another thread (a probe finishing, a row changing, a server seeing a
 * query), by polling a condition, because the code under test offers no event to wait on.
 */
public final class Poll {
    private static final long INTERVAL_MILLIS = 5;

    private Poll() {}

    /**
     * Returns once {@code condition} holds; throws an {@link AssertionError} naming {@code what} when it still does
     * not after {@code limit}.
     */
    public static void until(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
