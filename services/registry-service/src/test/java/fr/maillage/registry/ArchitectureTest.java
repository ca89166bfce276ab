package fr.maillage.registry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import fr.maillage.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.maillage.registry");

    @Test
    void domain_does_not_depend_on_spring() {
        ArchitectureRules.domainDoesNotDependOnFrameworks("registry").check(classes);
    }

    @Test
    void domain_does_not_depend_on_api_store_or_events() {
        ArchitectureRules.domainDoesNotDependOnAdapters("registry").check(classes);
    }

    @Test
    void api_does_not_query_the_store() {
        ArchitectureRules.apiDoesNotQueryTheStore("registry").check(classes);
    }

    @Test
    void use_cases_build_no_queries() {
        ArchitectureRules.useCasesBuildNoQueries("registry").check(classes);
    }

    @Test
    void services_do_not_depend_on_each_other() {
        ArchitectureRules.servicesDoNotDependOnEachOther("registry").check(classes);
    }
}
