package fr.facteur.directory;

import static fr.facteur.directory.DirectoryFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports replace the whole directory or change nothing, and every attempt is in the history. */
class DirectoryImportTest {

    static final DirectoryFixtures db = DirectoryFixtures.newDatabase("dir_import");

    @BeforeEach
    void emptyDirectory() {
        db.jdbc.execute("truncate directory_service, directory_structure, directory_import restart identity cascade");
    }

    @Test
    void theDemoFileImportsWithItsCounts() {
        DirectoryImporter.Result result = db.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");

        assertThat(result.problems()).isEmpty();
        assertThat(result.record().succeeded()).isTrue();
        assertThat(result.record().structures()).isEqualTo(10);
        assertThat(result.record().services()).isEqualTo(6);
        assertThat(result.record().sha256()).hasSize(64);
        assertThat(db.repository.structure("11000201100044")).hasValueSatisfying(s -> {
            assertThat(s.active()).isTrue();
            assertThat(s.serviceRequired()).isFalse();
        });
        assertThat(db.repository.services("11000201100044")).extracting(DirectoryService::code)
                .containsExactly("SERVICE-COMPTA");
        assertThat(db.repository.hasDirectory()).isTrue();
    }

    @Test
    void aBadFileIsRefusedWithEveryLineAndChangesNothing() {
        db.importer.importFile("good.csv", DirectoryFixtures.demoFile(), "api");

        DirectoryImporter.Result result = db.importer.importFile("bad.csv", bytes("""
                # a comment
                STRUCTURE;12345;Trop court;false;false;false;true;true
                STRUCTURE;19999995900018;Mairie;peut-être;false;false;true;true
                SERVICE;19999995900018;SVC;Service;false
                SERVICE;29999995900018;SVC;Service orphelin;false;true
                COMMUNE;x
                """), "api");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.problems()).extracting(DirectoryFile.Problem::line).containsExactly(2, 3, 4, 5, 6);
        assertThat(result.problems().get(0).message()).contains("12345").contains("14 digits");
        assertThat(result.problems().get(1).message()).contains("GestionService").contains("peut-être");
        assertThat(result.problems().get(2).message()).contains("6 columns");
        assertThat(result.problems().get(3).message()).contains("29999995900018");
        assertThat(result.problems().get(4).message()).contains("COMMUNE");
        // the good directory is untouched, and the refusal is in the history
        assertThat(db.repository.structureCount()).isEqualTo(10);
        assertThat(db.repository.imports(10)).extracting(DirectoryRepository.ImportRecord::succeeded)
                .containsExactly(false, true);
        assertThat(db.repository.imports(10).get(0).problems()).contains("line 2:").contains("line 6:");
    }

    @Test
    void aDuplicateStructureIsAProblem() {
        DirectoryImporter.Result result = db.importer.importFile("dup.csv", bytes("""
                STRUCTURE;19999995900018;Mairie;false;false;false;true;true
                STRUCTURE;19999995900018;Mairie bis;false;false;false;true;true
                """), "api");

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("declared twice");
        });
    }

    @Test
    void aReimportReplacesTheWholeDirectory() {
        db.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");

        DirectoryImporter.Result second = db.importer.importFile("small.csv", bytes("""
                STRUCTURE;19999995900018;Mairie;oui;non;non;oui;oui
                SERVICE;19999995900018;NOUVEAU;Nouveau service;0;1
                """), "api");

        assertThat(second.succeeded()).isTrue();
        assertThat(db.repository.structureCount()).isEqualTo(1);
        assertThat(db.repository.structure("11000201100044")).isEmpty();
        assertThat(db.repository.services("19999995900018")).extracting(DirectoryService::code)
                .containsExactly("NOUVEAU");
    }

    @Test
    void theFolderScannerImportsNewAndChangedFilesOnly(@TempDir Path folder) throws Exception {
        DirectoryFolderScanner scanner = new DirectoryFolderScanner(folder.resolve("directory"), db.importer,
                db.repository);
        assertThat(scanner.scan()).as("no folder yet").isEmpty();

        Files.createDirectories(folder.resolve("directory"));
        Path file = folder.resolve("directory/far0037.csv");
        Files.write(file, DirectoryFixtures.demoFile());
        assertThat(scanner.scan()).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
        assertThat(scanner.scan()).as("unchanged").isEmpty();
        assertThat(new DirectoryFolderScanner(folder.resolve("directory"), db.importer, db.repository).scan())
                .as("unchanged after a restart").isEmpty();

        Files.writeString(file, "STRUCTURE;19999995900018;Mairie;true;false;false;true;true\n");
        assertThat(scanner.scan()).singleElement().satisfies(r -> assertThat(r.record().structures()).isEqualTo(1));
        assertThat(db.repository.imports(10)).extracting(DirectoryRepository.ImportRecord::source)
                .containsOnly("folder");
    }
}
