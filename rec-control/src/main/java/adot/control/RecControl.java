package adot.control;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rec-control}: the operator's command-line client of a running adot-resolver, one command per invocation
 * over the daemon's control socket (protocol: {@code docs/control-protocol.md}; guide:
 * {@code docs/operations.md}).
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILED} the daemon reported an error, or rec-control
 * could not do what was asked (bad command line, unreadable config, refusing to overwrite a file);
 * {@value #EXIT_UNREACHABLE} no reply from the daemon (no socket, permission denied, nobody listening, timeout).
 */
@Command(
    name = "rec-control",
    sortOptions = false,
    exitCodeOnInvalidInput = RecControl.EXIT_FAILED,
    exitCodeOnExecutionException = RecControl.EXIT_FAILED,
    usageHelpAutoWidth = true,
    description = {
        "Sends one COMMAND to a running adot-resolver over its control socket and prints the reply.",
        "'rec-control help' asks the daemon which commands it understands.",
        "dump-dot-probe-map [--json] [FILE|-] and dump-cache [FILE|-] write the dump to FILE (never overwriting"
            + " an existing file unless --force is given) or to standard output for '-' or no FILE."
    },
    footerHeading = "%nSocket:%n",
    footer = {
        "  --socket PATH; else control.socket in the --config FILE;",
        "  else " + RecControl.DEFAULT_SOCKET + ".",
        "",
        "Exit status:",
        "  0  success",
        "  1  the daemon reported an error, or rec-control could not do what was asked",
        "  2  cannot reach the daemon: no socket, no permission, not running, timeout",
        "",
        "Examples:",
        "  rec-control ping",
        "  rec-control get-all",
        "  rec-control --config /etc/adot-resolver/adot-resolver.conf get questions",
        "  rec-control dump-dot-probe-map --json /tmp/probes.json",
        "  rec-control wipe-cache example.com 'example.org$'"
    })
public final class RecControl implements Callable<Integer> {

  /** Where the daemon's control socket is unless {@code --socket} or the config file says otherwise. */
  public static final String DEFAULT_SOCKET = "/run/adot-resolver/control.sock";

  /** Exit code: success. */
  public static final int EXIT_OK = 0;
  /** Exit code: the daemon answered ERROR, or rec-control could not do what was asked. */
  public static final int EXIT_FAILED = 1;
  /** Exit code: no reply from the daemon. */
  public static final int EXIT_UNREACHABLE = 2;

  /** Longest error message kept from the daemon; the rest is dropped. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket.")
  Path socket;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The daemon's configuration file; its control.socket key is used.")
  Path config;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "How long to wait for the daemon (to start answering, and between parts of the reply):"
          + " 500ms, 5s, 2m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--force", description = "Let dump commands overwrite an existing FILE.")
  boolean force;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Parameters(index = "0", paramLabel = "COMMAND", description = "The command for the daemon, e.g. ping, get-all.")
  String command;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
  List<String> args = new ArrayList<>();

  private final PrintStream out;
  private final PrintStream err;

  private RecControl(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs rec-control and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs rec-control in-process.
   *
   * @param args the command line, as given to {@code main}
   * @param out where replies (and {@code --help}) go
   * @param err where error messages go
   * @return the exit code: {@value #EXIT_OK}, {@value #EXIT_FAILED} or {@value #EXIT_UNREACHABLE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new RecControl(out, err));
    cli.setStopAtPositional(true); // everything after COMMAND is the command's, even "--json"
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A problem on rec-control's side, reported with exit code 1. */
  private static final class LocalProblem extends Exception {
    private static final long serialVersionUID = 1L;

    LocalProblem(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    try {
      return execute();
    } catch (LocalProblem e) {
      err.println("rec-control: " + e.getMessage());
      return EXIT_FAILED;
    } catch (ControlUnreachableException e) {
      err.println("rec-control: " + e.getMessage());
      return EXIT_UNREACHABLE;
    }
  }

  private int execute() throws LocalProblem, ControlUnreachableException {
    Path socketPath = resolveSocket();
    String verb = command.toLowerCase(Locale.ROOT);
    boolean dump = verb.equals("dump-dot-probe-map") || verb.equals("dump-cache");
    List<String> forwarded = new ArrayList<>();
    String target = null;
    boolean overwrite = force;
    for (String arg : args) {
      if (dump && arg.equals("--force")) {
        overwrite = true;
      } else if (dump && (arg.equals("-") || !arg.startsWith("-"))) {
        if (target != null) {
          throw new LocalProblem(verb + " takes at most one FILE, got '" + target + "' and '" + arg + "'");
        }
        target = arg;
      } else {
        forwarded.add(arg);
      }
    }
    String request = requestLine(command, forwarded);
    ControlClient client = new ControlClient(socketPath, timeout);
    if (target == null || target.equals("-")) {
      return exchangeToStdout(client, request);
    }
    return exchangeToFile(client, request, Path.of(target), overwrite);
  }

  private Path resolveSocket() throws LocalProblem {
    if (socket != null) {
      return socket;
    }
    if (config != null) {
      Optional<String> configured;
      try {
        configured = ConfigSocketReader.read(config);
      } catch (NoSuchFileException e) {
        throw new LocalProblem("cannot read config " + config + ": no such file");
      } catch (java.nio.file.AccessDeniedException e) {
        throw new LocalProblem("cannot read config " + config + ": permission denied");
      } catch (IOException e) {
        throw new LocalProblem("cannot read config " + config + ": " + e.getMessage());
      } catch (ConfigSocketReader.UnsupportedValueException e) {
        throw new LocalProblem("config " + config + ": " + e.getMessage());
      }
      if (configured.isPresent()) {
        if (configured.get().isBlank()) {
          throw new LocalProblem("config " + config + ": control.socket is empty");
        }
        return Path.of(configured.get());
      }
    }
    return Path.of(DEFAULT_SOCKET);
  }

  /** Joins verb and arguments with single spaces; the protocol has no quoting, so an argument may not contain one. */
  private static String requestLine(String verb, List<String> arguments) throws LocalProblem {
    StringBuilder line = new StringBuilder();
    List<String> all = new ArrayList<>();
    all.add(verb);
    all.addAll(arguments);
    for (String token : all) {
      if (token.isEmpty()) {
        throw new LocalProblem("empty argument; the control protocol cannot carry it");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c <= ' ' || c == 0x7f) {
          throw new LocalProblem("argument '" + token.strip() + "' contains a space or control character; the"
              + " control protocol cannot carry it");
        }
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(token);
    }
    return line.toString();
  }

  private int exchangeToStdout(ControlClient client, String request) throws ControlUnreachableException,
      LocalProblem {
    ByteArrayOutputStream error = new BoundedBuffer(MAX_ERROR_BYTES);
    boolean ok;
    try {
      ok = client.exchange(request, success -> success ? out : error);
    } catch (ControlClient.SinkException e) {
      throw new LocalProblem("cannot write the reply: " + e.getMessage());
    }
    return finish(ok, error);
  }

  private int exchangeToFile(ControlClient client, String request, Path file, boolean overwrite)
      throws ControlUnreachableException, LocalProblem {
    if (Files.isDirectory(file)) {
      throw new LocalProblem(file + " is a directory; give a file name");
    }
    if (!overwrite && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new LocalProblem(file + " already exists; not overwriting it (use --force)");
    }
    Path dir = file.toAbsolutePath().getParent();
    ByteArrayOutputStream error = new BoundedBuffer(MAX_ERROR_BYTES);
    Path[] part = new Path[1];
    OutputStream[] stream = new OutputStream[1];
    try {
      boolean ok = client.exchange(request, success -> {
        if (!success) {
          return error;
        }
        // Written beside the target and renamed at the end: a failed dump never leaves a half-written FILE.
        part[0] = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part");
        stream[0] = new BufferedOutputStream(Files.newOutputStream(part[0]), 64 * 1024);
        return stream[0];
      });
      if (!ok) {
        return finish(false, error);
      }
      stream[0].close();
      moveIntoPlace(part[0], file, overwrite);
      part[0] = null;
      out.println("dump written to " + file);
      return EXIT_OK;
    } catch (ControlClient.SinkException | IOException e) {
      throw new LocalProblem("cannot write " + file + ": " + describe(e));
    } finally {
      closeQuietly(stream[0]);
      deleteQuietly(part[0]);
    }
  }

  private static void moveIntoPlace(Path part, Path file, boolean overwrite) throws IOException, LocalProblem {
    try {
      if (overwrite) {
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(part, file); // fails if FILE appeared meanwhile
      }
    } catch (FileAlreadyExistsException e) {
      throw new LocalProblem(file + " already exists; not overwriting it (use --force)");
    }
  }

  private int finish(boolean ok, ByteArrayOutputStream error) {
    if (ok) {
      out.flush();
      return EXIT_OK;
    }
    String message = error.toString(StandardCharsets.UTF_8);
    err.print(message.endsWith("\n") || message.isEmpty() ? message : message + "\n");
    err.flush();
    return EXIT_FAILED;
  }

  private static String describe(Exception e) {
    Throwable cause = e instanceof ControlClient.SinkException ? e.getCause() : e;
    if (cause instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (cause instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static void closeQuietly(OutputStream stream) {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // already reported, or nothing more to do
      }
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a stray .part file is harmless
      }
    }
  }

  /** {@code 5s}, {@code 500ms}: how durations are shown to the operator. */
  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Keeps the first {@code limit} bytes written to it and drops the rest. */
  private static final class BoundedBuffer extends ByteArrayOutputStream {
    private final int limit;

    BoundedBuffer(int limit) {
      this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, Math.max(0, Math.min(len, limit - count)));
    }

    @Override
    public synchronized void write(int b) {
      if (count < limit) {
        super.write(b);
      }
    }
  }
}
