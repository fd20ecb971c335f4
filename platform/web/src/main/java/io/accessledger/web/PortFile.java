package io.accessledger.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.context.annotation.Bean;

/**
 * With {@code accessledger.server.port-file} set, the HTTP port the service bound is written to that file once its
 * server is up (Spring Boot's {@link WebServerPortFileWriter}), so whatever started it on {@code server.port=0} (the
 * fault-run harness, a supervisor) learns the port without choosing one beforehand, which another program could take
 * before the service binds it. Not set (the default): no file.
 */
@AutoConfiguration
@ConditionalOnProperty("accessledger.server.port-file")
public class PortFile {
    @Bean
    public WebServerPortFileWriter webServerPortFileWriter(@Value("${accessledger.server.port-file}") String file) {
        return new WebServerPortFileWriter(file);
    }
}
