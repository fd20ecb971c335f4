package io.accessledger.spine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.accessledger.infra.KraftBroker;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * How tests hold what they start. A module's tests check the rule on their own test classes with
 * {@code springTestsLeaveTheirBrokerToBrokerAfterApplication.check(TestFixtures.testClassesOf("io.accessledger.…"))}.
 */
public final class TestFixtures {
    private TestFixtures() {
    }

    static final ArchCondition<JavaMethod> CLOSE_A_BROKER = new ArchCondition<>("close a broker") {
        @Override
        public void check(JavaMethod method, ConditionEvents events) {
            method.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isEquivalentTo(KraftBroker.class)
                            && call.getName().equals("close"))
                    .forEach(call -> events.add(SimpleConditionEvent.satisfied(method, call.getDescription())));
        }
    };

    /**
     * JUnit runs a class's {@code @AfterAll} before Spring ends the class; a broker closed there is gone before its
     * application stops, and the application's consumers then wait out their patience to leave it.
     */
    public static final ArchRule springTestsLeaveTheirBrokerToBrokerAfterApplication = noMethods()
            .that().areAnnotatedWith(AfterAll.class)
            .and().areDeclaredInClassesThat().areAnnotatedWith(SpringBootTest.class)
            .should(CLOSE_A_BROKER)
            .because("BrokerAfterApplication closes the class's broker after its application, which must stop first")
            .allowEmptyShould(true);

    /**
     * The test classes of {@code packages}, read without following their dependencies into the class path: the rule
     * looks only at names (annotations, the owner of a called method), and following them made the check take several
     * times as long.
     */
    public static JavaClasses testClassesOf(String... packages) {
        return ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                    .importPackages(packages);
        });
    }
}
