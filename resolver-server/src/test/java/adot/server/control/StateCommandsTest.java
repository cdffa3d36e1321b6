package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The daemon-state commands, called directly with stub suppliers. */
class StateCommandsTest {

  private static ControlResponse run(ControlCommand command, String... args) {
    return command.execute(List.of(args)).toCompletableFuture().join();
  }

  private static SortedMap<String, Long> stats() {
    SortedMap<String, Long> stats = new TreeMap<>();
    stats.put("questions", 12L);
    stats.put("cache-hits", 7L);
    stats.put("dot-outqueries", 3L);
    return stats;
  }

  @Test
  void getAll_tabSeparatedSortedLines() {
    ControlResponse response = run(new GetAllCommand(StateCommandsTest::stats));

    assertThat(response.ok()).isTrue();
    assertThat(response.body()).isEqualTo("cache-hits\t7\ndot-outqueries\t3\nquestions\t12\n");
  }

  @Test
  void getAll_withArgument_usageError() {
    ControlResponse response = run(new GetAllCommand(StateCommandsTest::stats), "questions");

    assertThat(response.ok()).isFalse();
    assertThat(response.body()).startsWith("unexpected argument 'questions'; usage: get-all");
  }

  @Test
  void get_valuesInOrderAskedUnknownForMissing() {
    ControlResponse response = run(new GetCommand(StateCommandsTest::stats), "questions", "nope", "cache-hits");

    assertThat(response.ok()).isTrue();
    assertThat(response.body()).isEqualTo("12\nUNKNOWN\n7\n");
  }

  @Test
  void get_noName_usageError() {
    ControlResponse response = run(new GetCommand(StateCommandsTest::stats));

    assertThat(response.ok()).isFalse();
    assertThat(response.body()).contains("usage: get NAME...");
  }

  @Test
  void dumpDotProbeMap_jsonFlagPassedToDumper() {
    DumpDotProbeMapCommand command = new DumpDotProbeMapCommand(json -> json ? "[]" : "; ip\tdomain\n");

    assertThat(run(command).body()).isEqualTo("; ip\tdomain\n");
    assertThat(run(command, "--json").body()).isEqualTo("[]");
    ControlResponse bad = run(command, "/tmp/file");
    assertThat(bad.ok()).isFalse();
    assertThat(bad.body()).startsWith("unexpected argument '/tmp/file'");
  }

  @Test
  void dumpCacheAndNsSpeeds_returnSupplierText() {
    assertThat(run(new DumpCacheCommand(() -> "example. 300 IN A 192.0.2.1\n")).body())
        .isEqualTo("example. 300 IN A 192.0.2.1\n");
    assertThat(run(new DumpNsSpeedsCommand(() -> "192.0.2.53\t12.5 ms\n")).body()).isEqualTo("192.0.2.53\t12.5 ms\n");
  }

  @Test
  void wipeCache_parsesNamesAndSubtrees() {
    List<WipeRequest> seen = new ArrayList<>();
    WipeCacheCommand command = new WipeCacheCommand(requests -> {
      seen.addAll(requests);
      return 42;
    });

    ControlResponse response = run(command, "Example.COM", "example.org.$", ".$");

    assertThat(response.ok()).isTrue();
    assertThat(response.body()).isEqualTo("wiped 42 records");
    assertThat(seen).containsExactly(
        new WipeRequest("example.com.", false),
        new WipeRequest("example.org.", true),
        new WipeRequest(".", true));
  }

  @Test
  void wipeCache_badNameWipesNothing() {
    AtomicInteger calls = new AtomicInteger();
    WipeCacheCommand command = new WipeCacheCommand(requests -> calls.incrementAndGet());

    ControlResponse response = run(command, "example.com", "a..b");

    assertThat(response.ok()).isFalse();
    assertThat(response.body()).startsWith("bad name 'a..b'").contains("usage: wipe-cache NAME...");
    assertThat(calls).hasValue(0);
  }

  @Test
  void wipeCache_noName_usageError() {
    ControlResponse response = run(new WipeCacheCommand(requests -> 0));

    assertThat(response.ok()).isFalse();
    assertThat(response.body()).startsWith("no name given");
  }

  @Test
  void wipeRequest_parse_edgeCases() {
    assertThat(WipeRequest.parse(".")).isEqualTo(new WipeRequest(".", false));
    assertThat(WipeRequest.parse("com$").toString()).isEqualTo("com.$");
    assertThat(WipeRequest.parse("www.example.com").dnsName().labels()).isEqualTo(4);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WipeRequest.parse("$"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty name");
  }

  @Test
  void quitNicely_byeWithStopperDeferredToAfterSent() {
    AtomicInteger stops = new AtomicInteger();
    ControlResponse response = run(new QuitNicelyCommand(stops::incrementAndGet));

    assertThat(response.body()).isEqualTo("bye");
    assertThat(stops).hasValue(0); // not yet: the server runs it once "bye" is written
    response.afterSent().run();
    assertThat(stops).hasValue(1);
  }
}
