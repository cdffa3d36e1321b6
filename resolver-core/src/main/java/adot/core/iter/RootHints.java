package adot.core.iter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The root servers to start from: NS records for the root and their addresses, read from a master file (the format of
 * IANA's {@code named.root}) or the built-in copy. Immutable.
 */
public final class RootHints {
  private final List<NSRecord> nameServers;
  private final List<Record> addresses;

  private RootHints(List<NSRecord> nameServers, List<Record> addresses) {
    if (nameServers.isEmpty()) {
      throw new IllegalArgumentException("root hints contain no NS records for '.'");
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("root hints contain no A/AAAA records for the root servers");
    }
    this.nameServers = List.copyOf(nameServers);
    this.addresses = List.copyOf(addresses);
  }

  /** The IANA root servers shipped in the jar. */
  public static RootHints builtIn() {
    try (InputStream in = RootHints.class.getResourceAsStream("/adot/core/named.root")) {
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("built-in root hints unreadable", e);
    }
  }

  /** Reads hints from a master file. */
  public static RootHints fromFile(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** Parses master-file text. */
  public static RootHints parse(String masterText) throws IOException {
    List<NSRecord> ns = new ArrayList<>();
    List<Record> addrs = new ArrayList<>();
    try (Master master = new Master(new java.io.ByteArrayInputStream(
        masterText.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Name.root, 3600000)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        if (r instanceof NSRecord n && n.getName().equals(Name.root)) {
          ns.add(n);
        } else if (r instanceof ARecord || r instanceof AAAARecord) {
          addrs.add(r);
        }
      }
    }
    return new RootHints(ns, addrs);
  }

  public List<NSRecord> nameServers() {
    return nameServers;
  }

  /** Addresses of {@code nsName} in the hints. */
  public List<InetAddress> addressesOf(Name nsName) {
    List<InetAddress> out = new ArrayList<>();
    for (Record r : addresses) {
      if (r.getName().equals(nsName)) {
        out.add(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress());
      }
    }
    return out;
  }

  /** All address records. */
  public List<Record> addressRecords() {
    return addresses;
  }
}
