package io.accessledger.request;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.axonframework.spring.stereotype.Aggregate;

/** The same boundaries in every service: see the ArchitectureTest of each. */
@AnalyzeClasses(packages = "io.accessledger.request", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Services talk only through events: no code of another service, ever. */
    @ArchTest
    static final ArchRule noOtherServiceCode = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.accessledger.policy..", "io.accessledger.approval..", "io.accessledger.provisioning..", "io.accessledger.review..");

    /** Aggregates take time and ids from their commands: no wall clock, no random ids, no framework I/O. */
    @ArchTest
    static final ArchRule aggregatesAreDeterministic = noClasses().that().areAnnotatedWith(Aggregate.class)
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..",
                    "org.springframework.web..", "org.apache.kafka..");

    /** Business rules are plain functions: no Spring, no Axon, no database, no clock of their own. */
    @ArchTest
    static final ArchRule rulesArePure = noClasses().that().haveSimpleNameEndingWith("Rules")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "java.sql..", "org.apache.kafka..")
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
            .allowEmptyShould(true);

    /** Only the service's own application class boots it. */
    @ArchTest
    static final ArchRule oneApplication = classes().that().haveSimpleNameEndingWith("Application")
            .should().haveSimpleName("RequestServiceApplication");
}
