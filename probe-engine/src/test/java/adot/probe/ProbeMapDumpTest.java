package adot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ProbeMapDumpTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris"); // UTC+1 in January
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static DotProbeEntry row(
      String ip, String zone, long count, DotStatus status, Instant ttd, ProbeOutcome outcome, Long handshakeMs) {
    return new DotProbeEntry(
        IpAddresses.parse(ip),
        Name.fromConstantString(zone),
        count,
        status,
        T0,
        ttd,
        outcome,
        handshakeMs == null ? null : Duration.ofMillis(handshakeMs),
        T0);
  }

  static final List<DotProbeEntry> ROWS =
      List.of(
          row("192.0.2.1", "example.com.", 2, DotStatus.BUSY, T0.plusSeconds(4), ProbeOutcome.NONE, null),
          row(
              "192.0.2.2",
              "example.net.",
              5,
              DotStatus.GOOD,
              Instant.parse("2026-01-04T00:00:00.900Z"),
              ProbeOutcome.OK,
              35L),
          row("198.51.100.7", "example.org.", 1, DotStatus.UNKNOWN, T0.plusSeconds(86_400), ProbeOutcome.NONE, null),
          row(
              "2001:db8::53",
              ".",
              3,
              DotStatus.BAD,
              Instant.parse("2026-01-02T00:00:00Z"),
              ProbeOutcome.HANDSHAKE_FAILED,
              null));

  @Test
  void text_matchesPowerDnsLayoutWithOurColumnsAppended() {
    String dump = ProbeMapDump.text(ROWS, PARIS);

    assertThat(dump)
        .isEqualTo(
            "; DoT probing map follows\n"
                + "; ip\tdomain\tcount\tstatus\tttd\toutcome\thandshake-ms\n"
                + "; 1 Busy entries\n"
                + "192.0.2.1\texample.com.\t2\tBusy\t2026-01-01T01:00:04\tnone\t-\n"
                + "192.0.2.2\texample.net.\t5\tGood\t2026-01-04T01:00:00\tok\t35\n"
                + "198.51.100.7\texample.org.\t1\tUnknown\t2026-01-02T01:00:00\tnone\t-\n"
                + "2001:db8::53\t.\t3\tBad\t2026-01-02T01:00:00\thandshake-failed\t-\n");
  }

  @Test
  void text_emptyTable_hasOnlyTheHeader() {
    assertThat(ProbeMapDump.text(List.of(), PARIS))
        .isEqualTo(
            "; DoT probing map follows\n"
                + "; ip\tdomain\tcount\tstatus\tttd\toutcome\thandshake-ms\n"
                + "; 0 Busy entries\n");
  }

  @Test
  @SuppressWarnings("unchecked")
  void json_parsesAndCarriesEveryField() {
    Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(ProbeMapDump.json(ROWS, PARIS));

    assertThat(doc.get("busy")).isEqualTo(1L);
    List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.get("entries");
    assertThat(entries).hasSize(4);
    assertThat(entries.get(1))
        .containsExactly(
            Map.entry("ip", "192.0.2.2"),
            Map.entry("domain", "example.net."),
            Map.entry("count", 5L),
            Map.entry("status", "Good"),
            Map.entry("ttd", "2026-01-04T01:00:00+01:00"),
            Map.entry("outcome", "ok"),
            Map.entry("handshakeMs", 35L));
    assertThat(entries.get(3).get("ip")).isEqualTo("2001:db8::53");
    assertThat(entries.get(3)).containsEntry("handshakeMs", null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void json_escapesDomainNamesWithQuotesAndBackslashes() throws Exception {
    Name odd = Name.fromString("we\\\"ird\\\\.example.");
    DotProbeEntry r =
        new DotProbeEntry(
            IpAddresses.parse("192.0.2.1"),
            odd,
            1,
            DotStatus.UNKNOWN,
            T0,
            T0.plusSeconds(60),
            ProbeOutcome.NONE,
            null,
            T0);

    Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(ProbeMapDump.json(List.of(r), ZoneId.of("UTC")));

    List<Map<String, Object>> entries = (List<Map<String, Object>>) doc.get("entries");
    assertThat(entries.get(0).get("domain")).isEqualTo(odd.toString());
    assertThat(odd.toString()).contains("\"").contains("\\");
    assertThat(entries.get(0).get("ttd")).isEqualTo("2026-01-01T00:01:00Z");
  }

  @Test
  void json_emptyTable() {
    assertThat(ProbeMapDump.json(List.of(), PARIS)).isEqualTo("{\"entries\":[],\"busy\":0}");
  }
}
