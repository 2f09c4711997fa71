package fr.facteur;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of docs/architecture.md, enforced: which feature may use which, no cycles, and nothing in
 * production depends on the simulator or the demo.
 */
class PackageBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("fr.facteur");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("fr.facteur.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void featuresOnlyUseWhatTheyAreAllowedTo() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("fr.facteur")
                .layer("platform").definedBy("fr.facteur.platform..")
                .layer("messaging").definedBy("fr.facteur.messaging..")
                .layer("archive").definedBy("fr.facteur.archive..")
                .layer("crypto").definedBy("fr.facteur.crypto..")
                .layer("tenant").definedBy("fr.facteur.tenant..")
                .layer("directory").definedBy("fr.facteur.directory..")
                .layer("invoice").definedBy("fr.facteur.invoice..")
                .layer("flow").definedBy("fr.facteur.flow..")
                .layer("tracking").definedBy("fr.facteur.tracking..")
                .layer("inbound").definedBy("fr.facteur.inbound..")
                .layer("transmit").definedBy("fr.facteur.transmit..")
                .layer("returns").definedBy("fr.facteur.returns..")
                .layer("relay").definedBy("fr.facteur.relay..")
                .layer("simulator").definedBy("fr.facteur.simulator..")
                .layer("demo").definedBy("fr.facteur.demo..")
                .layer("observability").definedBy("fr.facteur.observability..")
                .layer("api").definedBy("fr.facteur.api..")
                .layer("as2").definedBy("fr.facteur.as2..")
                .whereLayer("simulator").mayNotBeAccessedByAnyLayer()
                .whereLayer("demo").mayOnlyBeAccessedByLayers("simulator")
                .whereLayer("as2").mayOnlyBeAccessedByLayers("demo")
                .whereLayer("inbound").mayOnlyBeAccessedByLayers("as2")
                .whereLayer("transmit").mayNotBeAccessedByAnyLayer()
                .whereLayer("returns").mayOnlyBeAccessedByLayers("as2")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("observability").mayOnlyBeAccessedByLayers("inbound", "transmit", "returns", "relay")
                .whereLayer("relay").mayOnlyBeAccessedByLayers("inbound", "returns")
                .whereLayer("flow").mayOnlyBeAccessedByLayers("inbound", "transmit")
                .whereLayer("invoice").mayOnlyBeAccessedByLayers("flow", "tracking", "directory", "inbound",
                        "simulator")
                .whereLayer("tracking").mayOnlyBeAccessedByLayers("inbound", "transmit", "returns", "relay")
                .whereLayer("tenant").mayOnlyBeAccessedByLayers("invoice", "inbound", "transmit", "returns", "relay",
                        "tracking", "demo", "simulator", "observability", "as2")
                .whereLayer("directory").mayOnlyBeAccessedByLayers("inbound")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("flow", "transmit", "demo", "simulator", "inbound", "as2")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("application", "messaging", "archive", "crypto",
                        "tenant", "directory", "invoice", "flow", "tracking", "inbound", "transmit", "returns", "relay",
                        "simulator", "demo", "observability", "as2")
                .check(CLASSES);
    }
}
