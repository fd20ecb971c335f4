package io.accessledger.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;
import org.springframework.context.annotation.Bean;

/** The console: the web app's static files, the local sign-in, and the one gateway in front of the five services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConsoleApplication.class, args);
    }

    /**
     * With {@code accessledger.server.port-file} set, the port the console bound is written there once it listens (as
     * the services do, platform/web's {@code PortFile}): whatever starts it on {@code server.port=0} learns its port
     * without picking one beforehand that another program could take first.
     */
    @Bean
    @ConditionalOnProperty("accessledger.server.port-file")
    WebServerPortFileWriter consolePortFileWriter(@Value("${accessledger.server.port-file}") String file) {
        return new WebServerPortFileWriter(file);
    }
}
