package adot.server.control;

import java.util.List;
import java.util.Objects;

/** {@code version}: answers the daemon's version. */
public final class VersionCommand extends SyncCommand {

  private final String version;

  /** @param version the text to answer, e.g. {@code adot-resolver 0.1.0} */
  public VersionCommand(String version) {
    this.version = Objects.requireNonNull(version, "version");
  }

  /**
   * The {@code Implementation-Version} of the jar holding {@code anchor}, or {@code "unknown"} when the class was
   * not loaded from a jar with that manifest entry (running from an IDE or {@code target/classes}).
   */
  public static String versionOf(Class<?> anchor) {
    Package pkg = anchor.getPackage();
    String v = pkg == null ? null : pkg.getImplementationVersion();
    return v == null || v.isBlank() ? "unknown" : v;
  }

  @Override
  public String name() {
    return "version";
  }

  @Override
  public String usage() {
    return "version : print the daemon's version";
  }

  @Override
  protected ControlResponse run(List<String> args) {
    ControlResponse bad = requireNoArgs(args);
    return bad != null ? bad : ControlResponse.ok(version);
  }
}
