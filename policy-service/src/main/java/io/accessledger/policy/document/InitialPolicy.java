package io.accessledger.policy.document;

import io.accessledger.spine.ids.NewIds;
import io.accessledger.events.ids.EventId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * At start, if no policy was ever published, publishes the file named by {@code accessledger.policy.initial-file}
 * (the demo organisation's policy by default) as version 1. Later versions come only through {@code PUT}.
 */
@Component
public class InitialPolicy implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(InitialPolicy.class);
    private final PolicyVersionStore versions;
    private final CommandGateway commands;
    private final ResourceLoader resources;
    private final Clock clock;
    private final String location;

    public InitialPolicy(PolicyVersionStore versions, CommandGateway commands, ResourceLoader resources, Clock clock,
            @Value("${accessledger.policy.initial-file:classpath:policy/demo-policy.yaml}") String location) {
        this.versions = versions;
        this.commands = commands;
        this.resources = resources;
        this.clock = clock;
        this.location = location;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (versions.active().isPresent() || location.isBlank()) {
            return;
        }
        Resource file = resources.getResource(location);
        String text;
        try (InputStream in = file.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String version = commands.sendAndWait(new PolicyBook.PublishPolicy(PolicyBook.ID,
                new PolicyParser().parse(text), null, NewIds.eventId(), clock.instant()));
        log.info("Published the initial policy from {} as version {}", location, version);
    }
}
