package io.accessledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.spine.it.SpineTestApp;
import io.accessledger.spine.testing.RunningService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;

/** A service started on port 0 tells whoever started it which port it bound, through the port file. */
class PortFileTest {
    @TempDir
    Path dir;

    @Test
    void aServiceStartedOnPortZeroWritesThePortItBoundToThePortFile() throws Exception {
        Path file = dir.resolve("ports").resolve("request-service.port");
        try (RunningService service = RunningService.start(new SpringApplicationBuilder(SpineTestApp.class),
                "port_file", "--spring.application.name=request-service", "--axon.axonserver.enabled=false",
                "--server.port=0", "--accessledger.server.port-file=" + file)) {
            String bound = service.context().getEnvironment().getProperty("local.server.port");

            assertThat(Files.readString(file).trim()).isEqualTo(bound).isNotEqualTo("0");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + Files.readString(file).trim() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("\"UP\"");
        }
    }

    @Test
    void thePortFileWriterIsThereOnlyWhenThePropertyNamesAFile() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortFile.class))
                .run(context -> assertThat(context).doesNotHaveBean(WebServerPortFileWriter.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortFile.class))
                .withPropertyValues("accessledger.server.port-file=" + dir.resolve("x.port"))
                .run(context -> assertThat(context).hasSingleBean(WebServerPortFileWriter.class));
    }
}
