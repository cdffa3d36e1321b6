package adot.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {

  @Test
  void withBuiltins_pingVersionHelp() {
    CommandRegistry registry = CommandRegistry.withBuiltins("1.0");

    assertThat(registry.commands()).extracting(ControlCommand::name).containsExactly("help", "ping", "version");
  }

  @Test
  void find_ignoresCase() {
    CommandRegistry registry = CommandRegistry.withBuiltins("1.0");

    assertThat(registry.find("PiNg")).containsInstanceOf(PingCommand.class);
    assertThat(registry.find("pong")).isEmpty();
  }

  @Test
  void register_duplicateOrMalformedName_refused() {
    CommandRegistry registry = CommandRegistry.withBuiltins("1.0");

    assertThatThrownBy(() -> registry.register(new PingCommand()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> registry.register(new SyncCommand() {
      @Override
      public String name() {
        return "get all";
      }

      @Override
      public String usage() {
        return "";
      }

      @Override
      protected ControlResponse run(List<String> args) {
        return ControlResponse.ok("");
      }
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
  }

  @Test
  void help_showsCommandsRegisteredLater() {
    CommandRegistry registry = CommandRegistry.withBuiltins("1.0");
    HelpCommand help = (HelpCommand) registry.find("help").orElseThrow();
    registry.register(new DumpCacheCommand(() -> ""));

    String body = help.execute(List.of()).toCompletableFuture().join().body();

    assertThat(body.lines()).containsExactly(
        "dump-cache : the record cache, as zone-file-like text",
        "help : list the commands this daemon understands",
        "ping : check that the daemon answers (replies 'pong')",
        "version : print the daemon's version");
  }
}
