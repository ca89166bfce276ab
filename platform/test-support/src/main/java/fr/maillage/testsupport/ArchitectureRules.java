package fr.maillage.testsupport;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries every service keeps; each service's ArchitectureTest applies them to its own classes. */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("registry", "activity", "partnership", "reporting");

    private ArchitectureRules() {
    }

    /** The domain is plain Java: records and rules, no framework, no driver. */
    public static ArchRule domainDoesNotDependOnFrameworks(String service) {
        return noClasses().that().resideInAPackage("fr.maillage." + service + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                        "org.bson..", "org.apache.kafka..", "jakarta..", "tools.jackson..", "com.fasterxml..",
                        "io.github.resilience4j..", "fr.maillage.messaging..", "fr.maillage.security..")
                .as("domain_does_not_depend_on_spring, MongoDB, Kafka or the platform's adapters")
                .allowEmptyShould(false); // a renamed or empty domain package must not pass unchecked
    }

    /** The domain knows nothing of how it is exposed or stored. */
    public static ArchRule domainDoesNotDependOnAdapters(String service) {
        String base = "fr.maillage." + service;
        return noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".api..", base + ".store..", base + ".events..")
                .as("domain_does_not_depend_on_api_store_or_events")
                .allowEmptyShould(false); // a renamed or empty domain package must not pass unchecked
    }

    /** Controllers map requests to use cases and stores: how documents are queried stays in the store. */
    public static ArchRule apiDoesNotQueryTheStore(String service) {
        return noClasses().that().resideInAPackage("fr.maillage." + service + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                .as("api_does_not_query_the_store");
    }

    /**
     * Use cases say what they need from the store by name: filters, sorts, updates and BSON stay in
     * the store (catching the driver's failures, or handing a rebuild its database, is allowed).
     */
    public static ArchRule useCasesBuildNoQueries(String service) {
        return noClasses().that().resideInAPackage("fr.maillage." + service + ".usecase..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb.client.model..", "org.bson..")
                .as("use_cases_build_no_queries")
                .allowEmptyShould(false); // a renamed or empty usecase package must not pass unchecked
    }

    /** Services share only platform/*: never another service's classes. */
    public static ArchRule servicesDoNotDependOnEachOther(String service) {
        String[] others = SERVICES.stream().filter(other -> !other.equals(service))
                .map(other -> "fr.maillage." + other + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("fr.maillage." + service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as("services_do_not_depend_on_each_other");
    }
}
