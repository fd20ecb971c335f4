package io.accessledger.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The port a process started on port 0 bound, from the file it writes once it listens
 * ({@code accessledger.server.port-file}: the services' and the console's): no port is picked before the process that
 * binds it starts, so no other program can take it in between.
 */
final class PortFiles {
    private PortFiles() {
    }

    /** The port written to {@code file}, or 0 while it is not there or not yet whole. */
    static int read(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            String text = Files.readString(file).trim();
            return text.matches("[0-9]+") ? Integer.parseInt(text) : 0;
        } catch (IOException notYetWhole) {
            return 0; // being written: the next look reads it
        }
    }
}
