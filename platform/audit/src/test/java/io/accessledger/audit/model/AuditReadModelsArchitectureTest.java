package io.accessledger.audit.model;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.accessledger.spine.architecture.ReadModelOwnership;

/**
 * The audit read models are rebuilt by request-service and run again by the replay command: they must have no effect
 * but rows in their own tables (platform/spine's rule, checked on this package).
 */
@AnalyzeClasses(packages = "io.accessledger.audit.model", importOptions = ImportOption.DoNotIncludeTests.class)
class AuditReadModelsArchitectureTest {
    @ArchTest
    static final ArchRule readModelsHaveNoSideEffects = ReadModelOwnership.readModelsHaveNoSideEffects;
}
