package io.accessledger.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** shared-events is the public contract only: no Spring, no persistence, no messaging framework. */
@AnalyzeClasses(packages = "io.accessledger.events", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractModuleBoundaryTest {
    @ArchTest
    static final ArchRule noFrameworks = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "org.axonframework..",
                    "org.apache.kafka..", "java.sql..");

    @ArchTest
    static final ArchRule eventsAreRecords = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that().implement(DomainEvent.class).should().beRecords();
}
