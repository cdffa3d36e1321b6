package adot.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DotConnectionInfoTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DotConnectionInfo conn(long id, long openedMs, Long closedMs) {
        return new DotConnectionInfo(id, "ns1.x.", InetAddress.getLoopbackAddress(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000), T0.plusMillis(openedMs), null, null,
                closedMs == null ? null : T0.plusMillis(closedMs), null, null, false);
    }

    @Test
    void maxConcurrent_countsOverlaps() {
        assertThat(DotConnectionInfo.maxConcurrent(List.of())).isZero();
        assertThat(DotConnectionInfo.maxConcurrent(List.of(conn(1, 0, 10L), conn(2, 5, 20L), conn(3, 15, 30L))))
                .isEqualTo(2);
        assertThat(DotConnectionInfo.maxConcurrent(List.of(conn(1, 0, null), conn(2, 5, 6L), conn(3, 7, null))))
                .isEqualTo(2);
    }

    @Test
    void maxConcurrent_backToBackConnectionsDoNotOverlap() {
        assertThat(DotConnectionInfo.maxConcurrent(List.of(conn(1, 0, 10L), conn(2, 10, 20L)))).isEqualTo(1);
    }
}
