package adot.core.transport;

import java.net.InetAddress;
import org.xbill.DNS.Name;

/** The default {@link TransportAdvisor}: cleartext always. */
enum PlainOnlyAdvisor implements TransportAdvisor {
  INSTANCE;

  @Override
  public Choice transportFor(InetAddress server, Name zone, Name nsName) {
    return Choice.DO53;
  }

  @Override
  public void visited(InetAddress server, Name zone, Name nsName) {}

  @Override
  public void dotSucceeded(InetAddress server) {}

  @Override
  public void dotFailed(InetAddress server, Name zone, UpstreamException failure) {}
}
