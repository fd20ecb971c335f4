package io.accessledger.audit.command;

import io.accessledger.audit.command.Options.UsageException;
import io.accessledger.audit.verify.KafkaLogReader;
import io.accessledger.audit.verify.LogVerifier;
import io.accessledger.audit.verify.VerificationReport;
import io.accessledger.events.integrity.AuditKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code accessledger-audit}: the auditor's command, run with read-only access to the Kafka cluster and no service
 * running (deploy/accessledger-audit).
 * <ul>
 *   <li>{@code replay} rebuilds the audit read models from the topics alone — from the beginning, or up to a moment —
 *       into an embedded PostgreSQL (or a given one) and writes what an auditor asks for into files;</li>
 *   <li>{@code verify} checks every topic's hash chains and signed checkpoints, naming what was edited, deleted,
 *       inserted or reordered;</li>
 *   <li>{@code keygen} makes a service's checkpoint signing key pair.</li>
 * </ul>
 * Exit codes: 0 done (verify: nothing wrong), 1 verify found tampering or replay could not apply every event, 2 a
 * mistake on the command line.
 */
public final class AuditCommand {
    static final String USAGE = """
            usage: accessledger-audit replay --bootstrap-servers HOST:PORT [--kafka-config FILE] --out DIR
                                             [--until INSTANT] [--as-of INSTANT]... [--evidence GRANT_ID]...
                                             [--format csv|json]
                                             [--jdbc-url URL --jdbc-user USER --jdbc-password PASSWORD]
                   accessledger-audit verify --bootstrap-servers HOST:PORT [--kafka-config FILE] --keys DIR
                   accessledger-audit keygen --out DIR --name SERVICE [--name SERVICE]...
            """;

    private AuditCommand() {
    }

    public static void main(String[] args) {
        // Before anything logs: the command's own quiet logging (only warnings of the Kafka client and the store).
        System.setProperty("logback.configurationFile", "accessledger-audit-logback.xml");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one sub-command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("a sub-command is required");
            }
            return switch (args[0]) {
                case "replay" -> AuditReplay.run(Options.parse(args, 1, AuditReplay.OPTIONS), out, err);
                case "verify" -> verify(Options.parse(args, 1, Set.of("bootstrap-servers", "kafka-config", "keys")),
                        out);
                case "keygen" -> keygen(Options.parse(args, 1, Set.of("out", "name")), out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown sub-command " + args[0]);
            };
        } catch (UsageException e) {
            err.println("accessledger-audit: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    /** Reads every topic from the beginning, checks chains and signed checkpoints, prints the report. */
    static int verify(Options options, PrintStream out) {
        Path keys = Path.of(options.required("keys"));
        Map<String, Object> kafka = options.kafka();
        if (!Files.isDirectory(keys)) {
            throw new UsageException("--keys " + keys + " is not a directory of <service>.pub files");
        }
        LogVerifier verifier;
        try {
            verifier = LogVerifier.trusting(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VerificationReport report = verifier.verify(new KafkaLogReader(kafka));
        out.print(report.render());
        return report.ok() ? 0 : 1;
    }

    /** Writes {@code <name>.key} (private, PKCS#8) and {@code <name>.pub} for each name; never overwrites. */
    static int keygen(Options options, PrintStream out) {
        Path directory = Path.of(options.required("out"));
        for (String name : options.all("name")) {
            if (Files.exists(directory.resolve(name + AuditKeys.PRIVATE_SUFFIX))) {
                throw new UsageException(directory.resolve(name + AuditKeys.PRIVATE_SUFFIX) + " exists already");
            }
        }
        if (options.all("name").isEmpty()) {
            throw new UsageException("--name is required");
        }
        try {
            for (String name : options.all("name")) {
                AuditKeys.write(AuditKeys.generate(), directory, name);
                out.println("wrote " + directory.resolve(name + AuditKeys.PRIVATE_SUFFIX) + " and "
                        + directory.resolve(name + AuditKeys.PUBLIC_SUFFIX));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}
