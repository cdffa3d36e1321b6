package adot.core.transport.dot;

/**
 * {@link DotClientFailureTest} with the JDK's TLS in the client: the failure paths of the implementation used where
 * BoringSSL's native library does not load.
 */
class DotClientFailureJdkTlsTest extends DotClientFailureTest {
  @Override
  DotTls.Implementation tls() {
    return DotTls.Implementation.JDK;
  }
}
