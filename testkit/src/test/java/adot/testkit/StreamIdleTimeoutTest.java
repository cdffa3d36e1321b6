package adot.testkit;

import static adot.testkit.DefaultUniverse.NS_EXAMPLE_COM;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The universe's TCP idle timeout ({@link UniverseBuilder#tcpIdleTimeout}), in a universe of its own. */
class StreamIdleTimeoutTest {
    private static Universe u;

    @BeforeAll
    static void start() {
        u = Universe.builder().defaultZones().tcpIdleTimeout(Duration.ofMillis(400)).start();
    }

    @AfterAll
    static void stop() {
        u.close();
    }

    @Test
    void idleConnections_areClosedByTheServer() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(u.do53Address(NS_EXAMPLE_COM), 1000);
            s.setSoTimeout(3000);
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(300L, 2500L);
        }
    }
}
