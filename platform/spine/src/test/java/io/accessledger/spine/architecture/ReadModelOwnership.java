package io.accessledger.spine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.accessledger.spine.commands.CausedCommands;
import io.accessledger.spine.replay.ReadModel;
import java.util.Optional;

/**
 * One owner per read model: SQL lives only in the class that owns a table set — a {@code …View} (a read model: its
 * only writer, the projection, and its only reader API, returning records) or a {@code …Store} (operational state
 * that is not a projection: queues, leases, delivery logs). Controllers, consumers and jobs call them. A service
 * includes the rule with {@code @ArchTest static final ArchTests readModels = ArchTests.in(ReadModelOwnership.class);}.
 */
public final class ReadModelOwnership {
    private ReadModelOwnership() {
    }

    static final DescribedPredicate<JavaClass> VIEW_OR_STORE = new DescribedPredicate<>("a …View or …Store") {
        @Override
        public boolean test(JavaClass type) {
            Optional<JavaClass> owner = Optional.of(type);
            while (owner.isPresent()) {
                String name = owner.get().getSimpleName();
                if (name.endsWith("View") || name.endsWith("Store")) {
                    return true;
                }
                owner = owner.get().getEnclosingClass();
            }
            return false;
        }
    };

    @ArchTest
    public static final ArchRule sqlOnlyInViewsAndStores = noClasses()
            .that(DescribedPredicate.not(VIEW_OR_STORE))
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("each read model has one owner (a …View) and operational tables one keeper (a …Store)");

    /** A rebuild runs every read model again over the whole log: that must never repeat an effect outside its tables. */
    @ArchTest
    public static final ArchRule readModelsHaveNoSideEffects = noClasses()
            .that().implement(ReadModel.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..",
                    "org.axonframework.eventhandling.gateway..", "org.springframework.kafka..",
                    "org.apache.kafka.clients.producer..", "org.springframework.mail..", "jakarta.mail..",
                    "java.net.http..", "org.springframework.web.reactive.function.client..")
            .orShould().dependOnClassesThat().belongToAnyOf(CausedCommands.class)
            .because("a read model's whole effect is rows in its own tables, so a rebuild repeats no command, message"
                    + " or call (io.accessledger.spine.replay.ReadModelRebuilds)");
}
