package io.accessledger.spine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The boundaries every service keeps, in one place. A service includes them with
 * {@code @ArchTest static final ArchTests rules = ArchTests.in(ServiceArchitecture.class);}.
 */
public final class ServiceArchitecture {
    static final List<String> SERVICES = List.of("request", "policy", "approval", "provisioning", "review");

    private ServiceArchitecture() {
    }

    /** Services talk only through events: no code of another service, ever. */
    @ArchTest
    public static final ArchRule noOtherServiceCode = classes().should(new ArchCondition<>("use no other service's code") {
        @Override
        public void check(JavaClass type, ConditionEvents events) {
            String own = service(type.getPackageName());
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String target = service(dependency.getTargetClass().getPackageName());
                if (target != null && !target.equals(own)) {
                    events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                }
            }
        }
    });

    /** Aggregates take time and ids from their commands: no wall clock, no random ids, no I/O frameworks. */
    @ArchTest
    public static final ArchRule aggregatesAreDeterministic = noClasses().that().areAnnotatedWith(Aggregate.class)
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..",
                    "org.springframework.web..", "org.apache.kafka..");

    /** Business rules are plain functions: no Spring, no Axon, no database, no clock of their own. */
    @ArchTest
    public static final ArchRule rulesArePure = noClasses().that().haveSimpleNameEndingWith("Rules")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "java.sql..", "org.apache.kafka..")
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
            .allowEmptyShould(true);

    private static String service(String packageName) {
        for (String service : SERVICES) {
            String root = "io.accessledger." + service;
            if (packageName.equals(root) || packageName.startsWith(root + ".")) {
                return service;
            }
        }
        return null;
    }
}
