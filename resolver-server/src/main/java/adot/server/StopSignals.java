package adot.server;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the daemon cleanly and make it exit 0, as service managers expect (the JVM's default for a
 * signal is exit status 143 or 130). The stop runs on a thread of its own, off the signal dispatcher.
 */
final class StopSignals {
  private StopSignals() {}

  static void install(Daemon daemon) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), sig -> {
          LoggerFactory.getLogger(StopSignals.class).info("event=stopping signal=SIG{}", name);
          new Thread(daemon::stop, "stop-on-signal").start();
        });
      } catch (IllegalArgumentException e) {
        // the signal is not available on this platform, or reserved by the JVM: the default handling stays
      }
    }
  }
}
