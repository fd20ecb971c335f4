package io.accessledger.policy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.accessledger.spine.architecture.ServiceArchitecture;

/** The boundaries every service keeps (platform/spine's {@link ServiceArchitecture}), checked on this one. */
@AnalyzeClasses(packages = "io.accessledger.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchTests serviceBoundaries = ArchTests.in(ServiceArchitecture.class);
}
