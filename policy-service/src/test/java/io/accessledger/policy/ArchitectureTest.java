package io.accessledger.policy;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.accessledger.spine.architecture.ReadModelOwnership;
import io.accessledger.spine.architecture.ServiceArchitecture;

/**
 * The boundaries every service keeps (platform/spine's {@link ServiceArchitecture} and {@link ReadModelOwnership}),
 * checked on this one, and this service's own: its feature packages depend on each other one way only
 * ({@code evaluation} reads {@code document} and {@code access}; neither of those knows {@code evaluation}).
 */
@AnalyzeClasses(packages = "io.accessledger.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchTests serviceBoundaries = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchTests readModels = ArchTests.in(ReadModelOwnership.class);

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("io.accessledger.policy.(*)..")
            .should().beFreeOfCycles();
}
