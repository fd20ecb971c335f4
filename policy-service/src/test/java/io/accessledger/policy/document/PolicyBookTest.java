package io.accessledger.policy.document;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.accessledger.events.codec.EventJson;
import io.accessledger.events.ids.EmployeeId;
import io.accessledger.events.ids.EventId;
import io.accessledger.events.model.Sensitivity;
import io.accessledger.events.policy.PolicyPublished;
import io.accessledger.events.policy.document.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolicyBookTest {
    private static final EmployeeId PUBLISHER = EmployeeId.of("E1041");
    private static final Instant FIRST_AT = Instant.parse("2025-01-01T08:00:00Z");
    private static final Instant SECOND_AT = Instant.parse("2025-02-01T08:00:00Z");
    private static final PolicyDocument.Resource WIKI = new PolicyDocument.Resource("wiki", "Wiki", "okta", "E900",
            Sensitivity.LOW, List.of(), List.of(new PolicyDocument.Level("read", false)), null);
    private static final PolicyDocument.Resource PROD = new PolicyDocument.Resource("prod", "Production", "entra",
            "E903", Sensitivity.CRITICAL, List.of("SOC2"), List.of(new PolicyDocument.Level("admin", true)),
            Duration.ofDays(30));
    private static final PolicyDocument DRAFT = new PolicyDocument("draft", List.of(WIKI), List.of(), List.of(),
            Map.of(), Map.of(Sensitivity.LOW, Duration.ofDays(365)), new PolicyDocument.AutoApprove(Sensitivity.LOW));

    private AggregateTestFixture<PolicyBook> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PolicyBook.class);
    }

    private static PolicyDocument read(String json) {
        try {
            return EventJson.mapper().readValue(json, PolicyDocument.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static PolicyPublished firstPublication() throws JsonProcessingException {
        PolicyDocument v1 = new PolicyDocument("1", DRAFT.resources(), DRAFT.profiles(), DRAFT.sodRules(),
                DRAFT.prerequisites(), DRAFT.reviewCadence(), DRAFT.autoApprove());
        return new PolicyPublished(EventId.of("ev-1"), "1", PUBLISHER,
                List.of("first version: 1 resources, 0 profiles, 0 SoD rules"),
                EventJson.mapper().writeValueAsString(v1), FIRST_AT);
    }

    @Test
    void theFirstPublicationIsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(new PolicyBook.PublishPolicy(PolicyBook.ID, DRAFT, PUBLISHER, EventId.of("ev-1"), FIRST_AT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("1")
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate((PolicyPublished p) -> {
                    PolicyDocument published = read(p.document());
                    return p.eventId().equals(EventId.of("ev-1")) && p.policyVersion().equals("1")
                            && p.publishedBy().equals(PUBLISHER) && p.occurredAt().equals(FIRST_AT)
                            && p.summary().equals(List.of("first version: 1 resources, 0 profiles, 0 SoD rules"))
                            && published.version().equals("1") && published.resources().equals(DRAFT.resources())
                            && published.reviewCadence().equals(DRAFT.reviewCadence())
                            && published.autoApprove().equals(DRAFT.autoApprove());
                })), andNoMore()));
    }

    @Test
    void theSecondPublicationIsVersionTwoWithASummaryOfChanges() throws JsonProcessingException {
        PolicyDocument withProd = new PolicyDocument("draft", List.of(WIKI, PROD), List.of(), List.of(), Map.of(),
                Map.of(Sensitivity.LOW, Duration.ofDays(365), Sensitivity.CRITICAL, Duration.ofDays(90)),
                DRAFT.autoApprove());
        fixture.given(firstPublication())
                .when(new PolicyBook.PublishPolicy(PolicyBook.ID, withProd, PUBLISHER, EventId.of("ev-2"), SECOND_AT))
                .expectResultMessagePayload("2")
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate((PolicyPublished p) ->
                        p.policyVersion().equals("2") && p.eventId().equals(EventId.of("ev-2"))
                                && p.summary().equals(List.of("resource added: prod", "reviewCadence changed"))
                                && read(p.document()).version().equals("2")
                                && read(p.document()).resources().equals(List.of(WIKI, PROD)))), andNoMore()));
    }

    @Test
    void republishingTheSameContentIsANewVersionWithoutChanges() throws JsonProcessingException {
        fixture.given(firstPublication())
                .when(new PolicyBook.PublishPolicy(PolicyBook.ID, DRAFT, PUBLISHER, EventId.of("ev-2"), SECOND_AT))
                .expectResultMessagePayload("2")
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate((PolicyPublished p) ->
                        p.policyVersion().equals("2") && p.summary().equals(List.of("no change in content")))),
                        andNoMore()));
    }

    @Test
    void theVersionOfTheSubmittedDocumentIsIgnored() throws JsonProcessingException {
        PolicyDocument claimsVersion7 = new PolicyDocument("7", DRAFT.resources(), DRAFT.profiles(),
                DRAFT.sodRules(), DRAFT.prerequisites(), DRAFT.reviewCadence(), DRAFT.autoApprove());
        fixture.given(firstPublication())
                .when(new PolicyBook.PublishPolicy(PolicyBook.ID, claimsVersion7, PUBLISHER, EventId.of("ev-2"),
                        SECOND_AT))
                .expectResultMessagePayload("2")
                .expectEventsMatching(exactSequenceOf(messageWithPayload(predicate((PolicyPublished p) ->
                        p.policyVersion().equals("2") && read(p.document()).version().equals("2"))), andNoMore()));
    }
}
