package io.accessledger.spine.testing;

import io.accessledger.infra.KraftBroker;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * The end of a Spring test class that starts a broker of its own (a static {@link KraftBroker} field): its
 * application closed first, while the broker is still there for its consumers to leave, then the broker. Registered
 * for every Spring test of the modules that use the spine's test jar ({@code META-INF/spring.factories}); such a class
 * does not close its broker itself ({@code TestFixtures}).
 *
 * <p>Before, each class closed its broker in its {@code @AfterAll}, which JUnit runs before Spring's end of the class.
 * Spring's test context cache then paused the application (stopped its consumers) with the broker already gone: each
 * such stop waited for consumers that could not leave their group, up to the inbound listeners' 30 s patience, and the
 * paused application stayed in the cache for the rest of the module's tests.
 */
public final class BrokerAfterApplication implements TestExecutionListener, Ordered {
    /** Lowest order runs last after a class, so this comes after every other listener's end of the class. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        List<KraftBroker> brokers = brokersOf(testContext.getTestClass());
        if (brokers.isEmpty()) {
            return;
        }
        try {
            testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        } finally {
            brokers.forEach(KraftBroker::close);
        }
    }

    static List<KraftBroker> brokersOf(Class<?> testClass) throws IllegalAccessException {
        List<KraftBroker> brokers = new ArrayList<>();
        for (Field field : testClass.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && KraftBroker.class.equals(field.getType())) {
                field.setAccessible(true);
                if (field.get(null) instanceof KraftBroker broker) {
                    brokers.add(broker);
                }
            }
        }
        return brokers;
    }
}
