package io.accessledger.policyinforce;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.accessledger.spine.architecture.ReadModelOwnership;

/** The module keeps the services' read-model rule: its SQL only in {@link PolicyInForceView}. */
@AnalyzeClasses(packages = "io.accessledger.policyinforce", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchTests readModels = ArchTests.in(ReadModelOwnership.class);
}
