package io.accessledger.provisioning;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.accessledger.spine.architecture.ReadModelOwnership;
import io.accessledger.spine.architecture.ServiceArchitecture;

/** The boundaries every service keeps (platform/spine's {@link ServiceArchitecture}), checked on this one. */
@AnalyzeClasses(packages = "io.accessledger.provisioning", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchTests serviceBoundaries = ArchTests.in(ServiceArchitecture.class);

    @ArchTest
    static final ArchTests readModels = ArchTests.in(ReadModelOwnership.class);
}
