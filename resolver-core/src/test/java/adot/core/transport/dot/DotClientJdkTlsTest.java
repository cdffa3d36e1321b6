package adot.core.transport.dot;

/**
 * {@link DotClientTest} with the JDK's TLS in the client: the working paths of the implementation used where
 * BoringSSL's native library does not load.
 */
class DotClientJdkTlsTest extends DotClientTest {
  @Override
  DotTls.Implementation tls() {
    return DotTls.Implementation.JDK;
  }
}
