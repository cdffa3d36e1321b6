package adot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UniverseMainTest {

    @Test
    void parse_readsEveryOption() {
        UniverseMain.Options o = UniverseMain.parse(new String[] {"--do53-port", "5353", "--dot-port", "8853",
            "--address-base", "127.53.2.0", "--hints-file", "/tmp/h", "--generate-names", "100"});
        assertThat(o).isEqualTo(new UniverseMain.Options(5353, 8853, "127.53.2.0", Path.of("/tmp/h"), 100));
        assertThat(UniverseMain.parse(new String[0]))
                .isEqualTo(new UniverseMain.Options(0, 0, UniverseBuilder.DEFAULT_ADDRESS_BASE, null, 0));
        assertThat(UniverseMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void parse_rejectsBadInput() {
        assertThatThrownBy(() -> UniverseMain.parse(new String[] {"--do53-port"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing value");
        assertThatThrownBy(() -> UniverseMain.parse(new String[] {"--do53-port", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("number");
        assertThatThrownBy(() -> UniverseMain.parse(new String[] {"--dot-port", "70000"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UniverseMain.parse(new String[] {"--frobnicate", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
    }

    @Test
    void start_printsHintsAndServers_writesTheHintsFile_andAddsTheBenchZone(@TempDir Path dir) throws Exception {
        Path hints = dir.resolve("root.hints");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Universe u = UniverseMain.start(new UniverseMain.Options(0, 0, "127.53.3.0", hints, 1000),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("Do53 port " + u.do53Port()).contains(u.rootHints())
                    .contains("ns1.bench.test.").contains("127.53.3.1");
            assertThat(Files.readString(hints)).isEqualTo(u.rootHints());
            assertThat(Dns.rdata(Dns.ask(u.do53Address("ns1.bench.test"), false, "host-999.bench.test.", Type.A),
                    Section.ANSWER, Type.A)).containsExactly(ZoneGenerator.addressOf(999).getHostAddress());
            assertThat(u.server("ns1.bench.test").dotEnabled()).isTrue();
        }
    }
}
