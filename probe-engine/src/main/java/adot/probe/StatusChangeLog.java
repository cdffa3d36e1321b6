package adot.probe;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe table's log lines: one INFO line when a server turns Good or Bad (address, zone, until when, why), the
 * other transitions at DEBUG only, so nothing is logged per probe at the default level.
 */
final class StatusChangeLog {
  private static final Logger log = LoggerFactory.getLogger(DotProbeTable.class);

  private StatusChangeLog() {}

  static void log(DotStatus before, DotProbeEntry after, String reason) {
    if (after == null || after.status() == before) {
      return;
    }
    if (after.status() == DotStatus.GOOD || after.status() == DotStatus.BAD) {
      log.info(
          "event=dot-status ip={} zone={} status={} until={} reason=\"{}\"",
          IpAddresses.format(after.ip()),
          after.zone(),
          after.status().displayName(),
          after.ttd(),
          reason);
    } else {
      log.debug("event=dot-status ip={} status={} reason=\"{}\"", IpAddresses.format(after.ip()),
          after.status().displayName(), reason);
    }
  }

  static String handshakeText(Duration handshake) {
    return handshake == null ? "" : ", handshake " + handshake.toMillis() + " ms";
  }
}
