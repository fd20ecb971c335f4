// A whole-JVM profile of a JFR recording of deploy/bench-e2e.sh, phase 1's window only (docs/BENCHMARKS.md,
// "End-to-end", "Tenth round"): execution samples by thread group; by library, each sample counted once for every
// library with a frame on its stack (inclusive) and once for the library of its top frame (self); the top self
// frames; and the sampled allocation weight (jdk.ObjectAllocationSample) by thread group and by class. Per request
// figures divide by REQUESTS. jfr-hops.java takes the consumer threads apart by operation; this one the whole JVM.
//   java deploy/jfr-profile.java RECORDING.jfr FROM_MS TO_MS [REQUESTS] [THREAD_PREFIX]
// With THREAD_PREFIX only the threads whose name starts with it are counted (e.g. `inbound-`, `connector-`).
// JFR samples only threads running Java code, a few per 10 ms: time inside the VM or in native code is not counted.
import java.nio.file.Path;
import java.time.Instant;
import java.util.*;
import jdk.jfr.consumer.*;

public class JfrProfile {
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
  static <K> void top(String title, Map<K, ? extends Number> m, int n, double total, int requests, String unit) {
    System.out.println(title);
    m.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().doubleValue(), a.getValue().doubleValue())).limit(n)
        .forEach(e -> System.out.printf("  %-70s %10.0f %6.1f %% %10.2f%s per request%n", e.getKey(), e.getValue().doubleValue(),
            100 * e.getValue().doubleValue() / total, e.getValue().doubleValue() / requests, unit));
  }

  public static void main(String[] a) throws Exception {
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
