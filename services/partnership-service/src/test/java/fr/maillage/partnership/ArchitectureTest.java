package fr.maillage.partnership;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.maillage.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.maillage.partnership");

    @Test
    void domain_does_not_depend_on_spring() {
        ArchitectureRules.domainDoesNotDependOnFrameworks("partnership").check(classes);
    }

    @Test
    void domain_does_not_depend_on_api_store_or_events() {
        ArchitectureRules.domainDoesNotDependOnAdapters("partnership").check(classes);
    }

    @Test
    void api_does_not_query_the_store() {
        ArchitectureRules.apiDoesNotQueryTheStore("partnership").check(classes);
    }

    @Test
    void use_cases_build_no_queries() {
        ArchitectureRules.useCasesBuildNoQueries("partnership").check(classes);
    }

    @Test
    void services_do_not_depend_on_each_other() {
        ArchitectureRules.servicesDoNotDependOnEachOther("partnership").check(classes);
    }
}
