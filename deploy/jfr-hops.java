// Where a consumer hop's JVM time goes, from a JFR recording of deploy/bench-e2e.sh (docs/BENCHMARKS.md, "End-to-end",
// "Eighth round"). Reads only the window given (epoch milliseconds: phase 1 runs from the `bench: warm-up` line to
// the `bench: phase 1` line) and prints: execution samples by thread group; the samples of the threads whose name
// starts with PREFIX (default `inbound-`, the consumers) by operation, each counted once under the operation whose
// frame is nearest the sampled one; and the Throwables created in the window (jdk.ExceptionStatistics).
//   java deploy/jfr-hops.java RECORDING.jfr FROM_MS TO_MS [REQUESTS] [PREFIX]
// With --profile first, the whole JVM instead ("Tenth round"): samples by thread group; by library, each sample counted
// once for every library with a frame on its stack (inclusive) and once for the library of its top frame (self); the
// top self frames; and the sampled allocation weight (jdk.ObjectAllocationSample) by thread group, class and first
// frame outside the JDK, per request; with THREAD_PREFIX only the threads whose name starts with it.
//   java deploy/jfr-hops.java --profile RECORDING.jfr FROM_MS TO_MS [REQUESTS] [THREAD_PREFIX]
// JFR samples only threads running Java code, a few per 10 ms: time inside the VM or in native code is not counted.
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
import jdk.jfr.consumer.*;

public class JfrHops {
  static final String[][] RULES = {
    {"metrics (Micrometer meters)", "io.micrometer.core.instrument."},
    {"logging (disabled-level checks, turbo filters)", "ch.qos.logback.", "org.apache.commons.logging.", "org.springframework.core.log."},
    {"tracing (spans, MDC)", "io.accessledger.spine.tracing.", "io.micrometer.tracing.", "io.opentelemetry."},
    {"Axon handler time limits (getStackTrace, scheduler)", "org.axonframework.messaging.timeout.AxonTimeLimitedTask", "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.cancel"},
    {"Axon command target (reflection on the command)", "org.axonframework.modelling.command.AnnotationCommandTargetResolver"},
    {"Kafka poll / fetch", "org.apache.kafka.clients.consumer.KafkaConsumer.poll"},
    {"offset commit", "org.apache.kafka.clients.consumer.KafkaConsumer.commit", "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.commitIfNecessary", "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.processCommits", "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doCommitSync"},
    {"record: headers and decode (Jackson)", "io.accessledger.spine.inbound.InboundRecord.of", "io.accessledger.events.envelope.Envelope.fromHeaders", "io.accessledger.events.codec.EventCodec.decode"},
    {"dedupe statement", "io.accessledger.spine.inbound.ConsumerProcessing.dedupe", "io.accessledger.spine.inbound.DedupeRows."},
    {"transaction begin (connection, BEGIN)", "org.springframework.jdbc.datasource.DataSourceTransactionManager.doBegin", "org.springframework.transaction.support.AbstractPlatformTransactionManager.getTransaction"},
    {"transaction commit", "org.springframework.jdbc.datasource.DataSourceTransactionManager.doCommit", "org.springframework.transaction.support.AbstractPlatformTransactionManager.commit"},
    {"Axon: aggregate load (event store read, deserialise, apply)", "org.axonframework.eventsourcing.EventSourcingRepository.doLoadWithLock", "org.axonframework.eventsourcing.EventSourcingRepository.readEvents"},
    {"Axon: events appended (serialise, insert)", "org.axonframework.eventsourcing.eventstore.AbstractEventStore.prepareCommit", "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.appendEvents", "org.axonframework.eventhandling.AbstractEventBus.lambda$eventsQueue"},
    {"Axon: command handler itself (aggregate method)", "org.axonframework.modelling.command.inspection.AnnotatedAggregate.handle"},
    {"Axon: dispatch, unit of work, interceptors (rest)", "org.axonframework."},
    {"read-model handlers (rest)", "io.accessledger.spine.replay.ReadModel.handleAll"},
    {"consumer handlers (rest)", "io.accessledger.spine.inbound.ConsumerProcessing.lambda$apply"},
    {"service handler code (rest)", "io.accessledger.request.", "io.accessledger.approval.", "io.accessledger.provisioning.", "io.accessledger.review.", "io.accessledger.policy.", "io.accessledger.audit.", "io.accessledger.policyinforce."},
    {"spine (other)", "io.accessledger."},
    {"listener container (rest)", "org.springframework.kafka."},
  };
  /** Libraries by frame prefix, the first match wins (so AccessLedger's test servers come before AccessLedger). */
  static final String[][] LIBRARIES = {
    {"SCIM test server (not AccessLedger)", "io.accessledger.provisioning.connectors.scim.ScimPeer", "de.captaingoldfish."},
    {"GreenMail (the test SMTP server)", "com.icegreen."},
    {"AccessLedger", "io.accessledger."},
    {"Axon", "org.axonframework."},
    {"Kafka broker", "kafka.", "org.apache.kafka.server.", "org.apache.kafka.storage.", "org.apache.kafka.coordinator.",
        "org.apache.kafka.raft.", "org.apache.kafka.controller.", "org.apache.kafka.metadata.", "org.apache.kafka.image.",
        "scala."},
    {"Kafka client", "org.apache.kafka."},
    {"spring-kafka", "org.springframework.kafka."},
    {"Spring transaction", "org.springframework.transaction."},
    {"spring-jdbc", "org.springframework.jdbc."},
    {"Hikari", "com.zaxxer.hikari."},
    {"pgjdbc", "org.postgresql."},
    {"Jackson", "com.fasterxml.jackson.", "tools.jackson."},
    {"Micrometer metrics", "io.micrometer.core.", "io.micrometer.observation.", "io.micrometer.common."},
    {"tracing", "io.micrometer.tracing.", "io.opentelemetry.", "brave."},
    {"logging", "ch.qos.logback.", "org.slf4j.", "org.apache.commons.logging.", "org.springframework.core.log."},
    {"Spring web / Reactor / Netty", "org.springframework.web.", "org.springframework.http.", "reactor.", "io.netty."},
    {"Spring security", "org.springframework.security."},
    {"Jersey / SCIM client", "org.glassfish.", "jakarta.ws.rs."},
    {"jakarta.mail", "jakarta.mail.", "org.eclipse.angus.", "com.sun.mail."},
    {"Spring (other)", "org.springframework."},
    {"reflection / method handles", "java.lang.reflect.", "jdk.internal.reflect.", "java.lang.invoke."},
    {"JDK (other)", "java.", "javax.", "jdk.", "sun.", "com.sun."},
  };
  static String library(String frame) {
    for (String[] l : LIBRARIES) for (int i = 1; i < l.length; i++) if (frame.startsWith(l[i])) return l[0];
    return "other";
  }
  static String group(String t) {
    if (t == null) return "?";
    if (t.startsWith("inbound-")) return "consumers (inbound-*)";
    if (t.startsWith("EventProcessor[outbox]")) return "outbox processors";
    if (t.startsWith("reactor-http") || t.startsWith("boundedElastic") || t.startsWith("parallel")) return "web edge";
    if (t.startsWith("scim-peer")) return "SCIM test server";
    if (t.startsWith("connector-")) return "connector";
    if (t.startsWith("smtp") || t.contains("greenmail")) return "GreenMail";
    if (t.startsWith("data-plane") || t.startsWith("group-coordinator") || t.startsWith("kafka-")
        || t.startsWith("broker") || t.startsWith("controller") || t.startsWith("quorum") || t.startsWith("raft")) return "broker";
    if (t.startsWith("bench")) return "benchmark";
    return "other";
  }
  public static void main(String[] a) throws Exception {
    if (a[0].equals("--profile")) {
      profile(Arrays.copyOfRange(a, 1, a.length));
      return;
    }
    Instant from = Instant.ofEpochMilli(Long.parseLong(a[1])), to = Instant.ofEpochMilli(Long.parseLong(a[2]));
    int requests = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    String prefix = a.length > 4 ? a[4] : "inbound-";
    Map<String, Integer> c = new LinkedHashMap<>(); int total = 0;
    Map<String, Integer> groups = new TreeMap<>();
    long firstThrowables = -1, lastThrowables = -1;
    for (String[] r : RULES) c.put(r[0], 0); c.put("other", 0);
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) { while (rf.hasMoreEvents()) { RecordedEvent e = rf.readEvent();
      if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) continue;
      if (e.getEventType().getName().equals("jdk.ExceptionStatistics")) {
        if (firstThrowables < 0) firstThrowables = e.getLong("throwables");
        lastThrowables = e.getLong("throwables");
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
      var th = e.getThread("sampledThread");
      groups.merge(group(th == null ? null : th.getJavaName()), 1, Integer::sum);
      if (th == null || th.getJavaName() == null || !th.getJavaName().startsWith(prefix)) continue;
      if (th.getJavaName().startsWith("inbound-parked")) continue;
      total++;
      String b = "other";
      for (int tier = 0; tier < 2 && b.equals("other"); tier++) {
        outer:
        for (RecordedFrame f : e.getStackTrace().getFrames()) { String n = f.getMethod().getType().getName() + "." + f.getMethod().getName();
          for (String[] r : RULES) { if ((r[0].contains("(rest)") || r[0].contains("(other)")) != (tier == 1)) continue;
            for (int i = 1; i < r.length; i++) if (n.startsWith(r[i])) { b = r[0]; break outer; } } } }
      c.merge(b, 1, Integer::sum); } }
    System.out.println("execution samples by thread group:");
    groups.forEach((g, n) -> System.out.printf("  %s: %d%n", g, n));
    System.out.printf("Throwables created in the window: %d (%.1f per request)%n", lastThrowables - firstThrowables,
        (lastThrowables - firstThrowables) / (double) requests);
    System.out.println("samples of " + prefix + "* threads: " + total);
    final int t = total;
    c.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(x -> System.out.printf("| %s | %d | %.1f %% |%n", x.getKey(), x.getValue(), 100.0 * x.getValue() / t));
  }

  static <K> void top(String title, Map<K, ? extends Number> m, int n, double total, int requests, String unit) {
    System.out.println(title);
    m.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue())).limit(n)
        .forEach(e -> System.out.printf("  %-70s %10.0f %6.1f %% %10.2f%s per request%n", e.getKey(), e.getValue().doubleValue(),
            100 * e.getValue().doubleValue() / total, e.getValue().doubleValue() / requests, unit));
  }

  static void profile(String[] a) throws Exception {
    Instant from = Instant.ofEpochMilli(Long.parseLong(a[1])), to = Instant.ofEpochMilli(Long.parseLong(a[2]));
    int requests = a.length > 3 ? Integer.parseInt(a[3]) : 1;
    String prefix = a.length > 4 ? a[4] : "";
    Map<String, Integer> groups = new HashMap<>(), inclusive = new HashMap<>(), self = new HashMap<>(),
        selfFrames = new HashMap<>(), threads = new HashMap<>();
    Map<String, Long> allocGroups = new HashMap<>(), allocClasses = new HashMap<>(), allocSites = new HashMap<>();
    int samples = 0; long allocated = 0;
    try (RecordingFile rf = new RecordingFile(Path.of(a[0]))) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) continue;
        String type = e.getEventType().getName();
        boolean sample = type.equals("jdk.ExecutionSample"), alloc = type.equals("jdk.ObjectAllocationSample");
        if (!sample && !alloc) continue;
        RecordedThread th = e.getThread(sample ? "sampledThread" : "eventThread");
        String name = th == null ? null : th.getJavaName();
        if (!prefix.isEmpty() && (name == null || !name.startsWith(prefix))) continue;
        List<RecordedFrame> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames();
        if (alloc) {
          long w = e.getLong("weight");
          allocated += w;
          allocGroups.merge(group(name), w, Long::sum);
          allocClasses.merge(e.getClass("objectClass").getName(), w, Long::sum);
          String site = "?";
          for (RecordedFrame f : frames) {
            String n = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.")) { site = n; break; }
          }
          allocSites.merge(site, w, Long::sum);
          continue;
        }
        samples++;
        groups.merge(group(name), 1, Integer::sum);
        threads.merge(name == null ? "?" : name.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
        Set<String> libs = new HashSet<>();
        for (RecordedFrame f : frames) libs.add(library(f.getMethod().getType().getName() + "."));
        libs.forEach(l -> inclusive.merge(l, 1, Integer::sum));
        if (!frames.isEmpty()) {
          RecordedFrame f = frames.get(0);
          String n = f.getMethod().getType().getName() + "." + f.getMethod().getName();
          self.merge(library(f.getMethod().getType().getName() + "."), 1, Integer::sum);
          selfFrames.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.printf("execution samples in the window: %d (%.2f per request)%n", samples, samples / (double) requests);
    top("by thread group:", groups, 20, samples, requests, "");
    top("by thread (numbers dropped):", threads, 30, samples, requests, "");
    top("by library, inclusive (a sample counts for each library on its stack):", inclusive, 30, samples, requests, "");
    top("by library of the top frame (self):", self, 30, samples, requests, "");
    top("top self frames:", selfFrames, 30, samples, requests, "");
    System.out.printf("allocation (sampled weight): %.1f MB, %.1f KB per request%n", allocated / 1e6, allocated / 1e3 / requests);
    top("allocation by thread group (bytes):", allocGroups, 20, allocated, requests, " B");
    top("allocation by class (bytes):", allocClasses, 30, allocated, requests, " B");
    top("allocation by first frame outside the JDK (bytes):", allocSites, 30, allocated, requests, " B");
  }
}
