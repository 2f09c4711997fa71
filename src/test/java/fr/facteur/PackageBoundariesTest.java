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
                .layer("as2").definedBy("fr.facteur.as2..")
                .layer("simulator").definedBy("fr.facteur.simulator..")
                .layer("demo").definedBy("fr.facteur.demo..")
                .layer("observability").definedBy("fr.facteur.observability..")
                .layer("api").definedBy("fr.facteur.api..")
                .layer("action").definedBy("fr.facteur.action..")
                .layer("security").definedBy("fr.facteur.security..")
                .layer("console").definedBy("fr.facteur.console..")
                .layer("deadletter").definedBy("fr.facteur.deadletter..")
                .layer("piste").definedBy("fr.facteur.piste..")
                .whereLayer("simulator").mayNotBeAccessedByAnyLayer()
                .whereLayer("action").mayOnlyBeAccessedByLayers("inbound")
                .whereLayer("demo").mayOnlyBeAccessedByLayers("simulator")
                .whereLayer("inbound").mayOnlyBeAccessedByLayers("demo") // the demo AS2 partner reads the AS2 port
                .whereLayer("transmit").mayNotBeAccessedByAnyLayer()
                .whereLayer("returns").mayOnlyBeAccessedByLayers("inbound")
                .whereLayer("api").mayNotBeAccessedByAnyLayer()
                .whereLayer("piste").mayOnlyBeAccessedByLayers("transmit", "returns", "simulator", "action")
                .whereLayer("observability").mayOnlyBeAccessedByLayers("inbound", "transmit", "returns", "relay",
                        "console")
                .whereLayer("relay").mayOnlyBeAccessedByLayers("inbound", "returns", "action")
                .whereLayer("as2").mayOnlyBeAccessedByLayers("inbound", "relay", "transmit", "simulator", "demo")
                .whereLayer("flow").mayOnlyBeAccessedByLayers("inbound", "transmit")
                .whereLayer("invoice").mayOnlyBeAccessedByLayers("flow", "tracking", "directory", "inbound",
                        "simulator")
                .whereLayer("tracking").mayOnlyBeAccessedByLayers("inbound", "transmit", "returns", "relay", "action")
                .whereLayer("tenant").mayOnlyBeAccessedByLayers("invoice", "inbound", "transmit", "returns", "relay",
                        "tracking", "demo", "simulator", "observability", "action", "console", "as2")
                .whereLayer("directory").mayOnlyBeAccessedByLayers("inbound", "console")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("flow", "transmit", "demo", "simulator", "inbound",
                        "console", "as2", "observability")
                .whereLayer("security").mayOnlyBeAccessedByLayers("tenant", "tracking", "console", "deadletter", "action", "relay")
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("deadletter").mayNotBeAccessedByAnyLayer()
                .whereLayer("platform").mayOnlyBeAccessedByLayers("application", "messaging", "archive", "crypto",
                        "tenant", "directory", "invoice", "flow", "tracking", "inbound", "transmit", "returns", "relay",
                        "simulator", "demo", "observability", "action", "piste", "as2")
                .check(CLASSES);
    }
}
