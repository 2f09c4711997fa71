package fr.facteur.directory;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /api/directory: import a directory file, look a structure up, see the import history. */
@RestController
@RequestMapping("/api/directory")
public class DirectoryController {

    static final URI INVALID_FILE = URI.create("urn:facteur:problem:directory-file-invalid");
    static final URI STRUCTURE_NOT_FOUND = URI.create("urn:facteur:problem:directory-structure-not-found");

    private final DirectoryImporter importer;
    private final DirectoryRepository repository;

    public DirectoryController(DirectoryImporter importer, DirectoryRepository repository) {
        this.importer = importer;
        this.repository = repository;
    }

    /** A structure with its services, as GET shows it. */
    public record StructureView(DirectoryStructure structure, List<DirectoryService> services) {
    }

    /** The counts of a successful import. */
    public record ImportView(long importId, String fileName, String sha256, int structures, int services) {
    }

    /**
     * Replaces the directory with the file in the body (text/csv, UTF-8): 200 with the counts, or 400 listing every
     * bad line (the directory is then unchanged).
     */
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    public ResponseEntity<?> importFile(@RequestBody byte[] content,
            @RequestParam(defaultValue = "api-upload.csv") String fileName) {
        DirectoryImporter.Result result = importer.importFile(fileName, content, "api");
        DirectoryRepository.ImportRecord record = result.record();
        if (result.succeeded()) {
            return ResponseEntity.ok(new ImportView(record.id(), record.fileName(), record.sha256(),
                    record.structures(), record.services()));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The directory file has " + result.problems().size() + " problem(s); the directory is unchanged");
        problem.setType(INVALID_FILE);
        problem.setTitle("Invalid directory file");
        problem.setProperty("problems", result.problems());
        return ResponseEntity.of(problem).build();
    }

    @GetMapping("/structures/{siret}")
    public ResponseEntity<?> structure(@PathVariable String siret) {
        return repository.structure(siret)
                .<ResponseEntity<?>>map(s -> ResponseEntity.ok(new StructureView(s, repository.services(siret))))
                .orElseGet(() -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                            "No structure " + siret + " in the directory");
                    problem.setType(STRUCTURE_NOT_FOUND);
                    problem.setTitle("Structure not found");
                    return ResponseEntity.of(problem).build();
                });
    }

    /** The import history, most recent first. */
    @GetMapping("/imports")
    public List<DirectoryRepository.ImportRecord> imports(@RequestParam(defaultValue = "100") int limit) {
        return repository.imports(Math.max(1, Math.min(limit, 1000)));
    }
}
