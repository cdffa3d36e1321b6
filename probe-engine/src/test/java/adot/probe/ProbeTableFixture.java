package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import adot.core.time.FakeTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import org.xbill.DNS.Name;

/** A probe table on a fake clock with its own meter registry, and helpers to drive rows into a state. */
abstract class ProbeTableFixture {
  static final Name ZONE = Name.fromConstantString("example.com.");
  static final Name OTHER_ZONE = Name.fromConstantString("example.net.");
  static final InetAddress A = ip("192.0.2.1");
  static final InetAddress B = ip("192.0.2.2");
  static final InetAddress C = ip("192.0.2.3");
  static final InetAddress D = ip("192.0.2.4");

  final FakeTimeSource clock = new FakeTimeSource();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  DotProbeTable table = table(ProbeOptions.defaults());

  DotProbeTable table(ProbeOptions options) {
    return new DotProbeTable(options, clock, new ProbeMetrics(registry));
  }

  static InetAddress ip(String literal) {
    return IpAddresses.parse(literal);
  }

  DotProbeEntry goBusy(InetAddress ip) {
    DotProbeTable.Visit v;
    do {
      v = table.visit(ip, ZONE);
    } while (!v.probeNow() && v.row().count() < 100);
    assertThat(v.probeNow()).as("probe requested for %s", ip).isTrue();
    return v.row();
  }

  DotProbeEntry makeGood(InetAddress ip) {
    return table.probeFinished(goBusy(ip), ProbeResult.ok(Duration.ofMillis(35)));
  }
}
