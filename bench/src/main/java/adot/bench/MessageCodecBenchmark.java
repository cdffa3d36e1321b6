package adot.bench;

import adot.core.Answer;
import adot.server.dns.ResponseBuilder;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Parsing a client query and encoding the answer: the per-question wire work of the server. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessageCodecBenchmark {
  private byte[] queryWire;
  private Message query;
  private Answer answer;
  private final ResponseBuilder responses = new ResponseBuilder(1232);

  @Setup
  public void setUp() throws Exception {
    Name name = Name.fromConstantString("www.example.com.");
    query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
    queryWire = query.toWire();
    answer = new Answer(Rcode.NOERROR, List.of(
        new ARecord(name, DClass.IN, 300, InetAddress.getByName("192.0.2.1")),
        new ARecord(name, DClass.IN, 300, InetAddress.getByName("192.0.2.2"))), List.of(), -1, "", true);
  }

  @Benchmark
  public Message parseQuery() throws Exception {
    return new Message(queryWire);
  }

  @Benchmark
  public byte[] encodeAnswer() {
    return responses.encode(query, answer, false);
  }
}
