package io.handoff;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the flow one-way: the domain knows no framework, transport or adapter. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.handoff");

    private static final String[] DOMAIN = {
        "io.handoff.event..", "io.handoff.correlate..", "io.handoff.sla..", "io.handoff.engine.."
    };

    @Test
    void theDomainDependsOnNoFrameworkTransportOrMetricsLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "io.vertx..",
                        "jakarta.ws.rs..",
                        "com.fasterxml..",
                        "io.micrometer..",
                        "org.apache.kafka..",
                        "co.elastic..")
                .check(CLASSES);
    }

    @Test
    void theDomainDependsOnNoAdapter() {
        noClasses()
                .that()
                .resideInAnyPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.handoff.ingest..",
                        "io.handoff.api..",
                        "io.handoff.metrics..",
                        "io.handoff.demo..",
                        "io.handoff.store..",
                        "io.handoff.reconcile..")
                .check(CLASSES);
    }

    @Test
    void onlyTheElasticsearchAdapterKnowsTheElasticsearchClient() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.handoff.store.elastic..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("co.elastic..", "org.apache.hc..")
                .check(CLASSES);
    }

    @Test
    void theStoreContractKnowsNoAdapterOfItsOwn() {
        noClasses()
                .that()
                .resideInAPackage("io.handoff.store")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.handoff.store.elastic..", "io.handoff.store.memory..")
                .check(CLASSES);
    }

    @Test
    void noPackageCyclesThroughAnother() {
        slices().matching("io.handoff.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /** Capabilities with their adapters (ingest with ingest.http, …) depend one way too: the web layer serves all. */
    @Test
    void noCapabilityCyclesThroughAnother() {
        slices().matching("io.handoff.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void oneLoggingApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.util.logging..", "org.slf4j..", "org.apache.logging..", "org.apache.log4j..")
                .because("Handoff logs through org.jboss.logging.Logger, Quarkus' own API, only")
                .check(CLASSES);
    }

    @Test
    void eventsDependOnNothingElseOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("io.handoff.event..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.handoff.correlate..", "io.handoff.sla..", "io.handoff.engine..")
                .check(CLASSES);
    }
}
