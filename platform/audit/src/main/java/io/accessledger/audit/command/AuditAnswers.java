package io.accessledger.audit.command;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.accessledger.audit.model.AccessHistoryView;
import io.accessledger.audit.model.AuditReadModels;
import io.accessledger.audit.model.AuditTrailView;
import io.accessledger.events.codec.EventJson;
import io.accessledger.spine.replay.ReadModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The auditor's questions answered from the rebuilt read models into files: the export of every event, who held what
 * at each {@code --as-of}, the evidence of each {@code --evidence} grant, and every joiner, mover and leaver with what
 * was granted or removed for them and how long it took. Nothing in them depends on when or where the command ran
 * (no clock, sorted keys, deterministic order), so the same log gives byte-identical files.
 */
final class AuditAnswers {
    enum Format {
        CSV("csv", AuditTrailView.Format.CSV), JSON("jsonl", AuditTrailView.Format.JSON);

        final String extension;
        final AuditTrailView.Format trail;

        Format(String extension, AuditTrailView.Format trail) {
            this.extension = extension;
            this.trail = trail;
        }

        static Format of(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Options.UsageException("--format takes csv or json, not " + value);
            }
        }
    }

    private static final ObjectWriter JSON = EventJson.mapper().copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .writer();

    private final Path directory;
    private final Format format;
    private final AccessHistoryView access;
    private final AuditTrailView trail;
    private final AuditTrailView exporting;
    private final List<String> missing = new ArrayList<>();
    private final Map<Path, Duration> took = new LinkedHashMap<>();

    /** {@code exportJdbc}: the store, on connections set for the export ({@link AuditStore#exportDataSource}). */
    AuditAnswers(JdbcTemplate jdbc, JdbcTemplate exportJdbc, Path directory, Format format) {
        this.directory = directory;
        this.format = format;
        this.access = new AccessHistoryView(jdbc);
        this.trail = new AuditTrailView(jdbc);
        this.exporting = new AuditTrailView(exportJdbc);
    }

    /** The audit tables, migrated, and the read models that fill them. */
    static List<ReadModel> readModels(DataSource dataSource, JdbcTemplate jdbc) {
        AuditReadModels.migrate(dataSource);
        return AuditReadModels.all(jdbc);
    }

    /** Writes every answer; returns the files written. */
    List<Path> write(List<Instant> asOf, List<String> evidence) {
        List<Path> written = new ArrayList<>();
        written.add(stream("export." + format.extension, out -> exporting.export(null, null, format.trail, out)));
        for (Instant instant : asOf) {
            written.add(json("access-as-of-" + fileName(instant) + ".json", () -> access.heldAt(instant, null, null)));
        }
        for (String grantId : evidence) {
            Optional<AuditTrailView.Evidence> chain = trail.evidence(grantId);
            if (chain.isPresent()) {
                written.add(json("evidence-" + fileName(grantId) + ".json", chain::get));
            } else {
                missing.add(grantId);
            }
        }
        written.add(json("joiners-movers-leavers.json", () -> trail.joinersMoversLeavers(null, null)));
        return written;
    }

    /** Grants asked for with {@code --evidence} that the log does not know. */
    List<String> missing() {
        return List.copyOf(missing);
    }

    /** The answer, asked inside the file's timing, written as indented JSON. */
    private Path json(String name, java.util.function.Supplier<Object> answer) {
        return stream(name, out -> {
            out.write(JSON.writeValueAsBytes(answer.get())); // writeValue(out) would close the stream before the newline
            out.write('\n');
        });
    }

    /** How long each file written took to answer and write, in the order written. */
    Map<Path, Duration> took() {
        return Map.copyOf(took);
    }

    private Path stream(String name, Writing writing) {
        Path file = directory.resolve(name);
        long started = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(file)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        took.put(file, Duration.ofNanos(System.nanoTime() - started));
        return file;
    }

    /** An instant or id as a file name on any file system: letters, digits, '-', '.' only. */
    static String fileName(Object value) {
        return value.toString().replaceAll("[^A-Za-z0-9.-]", "-");
    }

    @FunctionalInterface
    private interface Writing {
        void to(OutputStream out) throws IOException;
    }
}
