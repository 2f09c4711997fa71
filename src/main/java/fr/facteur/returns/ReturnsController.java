package fr.facteur.returns;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import fr.facteur.tracking.ReturnFileRepository;

/** The return lines that matched none of our invoices or flows: kept, and shown to the operator here. */
@RestController
@RequestMapping("/api/returns")
class ReturnsController {

    private final ReturnFileRepository returnFiles;

    ReturnsController(ReturnFileRepository returnFiles) {
        this.returnFiles = returnFiles;
    }

    /**
     * One unmatched line.
     *
     * @param line     position of the unit in the return file (1-based, document order)
     * @param supplier Fournisseur/Identifiant (null for a flow-level line)
     * @param flow     IdFlux of a flow-level line
     */
    record UnmatchedLineView(long id, long returnFileId, String fileName, int line, String supplier,
            String invoiceNumber, String flow, String code, String reason, OffsetDateTime recordedAt) {
    }

    @GetMapping("/unmatched")
    List<UnmatchedLineView> unmatched(@RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 5000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1-5000");
        }
        return returnFiles.unmatched(limit).stream()
                .map(u -> new UnmatchedLineView(u.id(), u.returnFileId(), u.fileName(), u.lineNo(), u.supplierId(),
                        u.invoiceNumber(), u.flowName(), u.code(), u.reason(), u.recordedAt()))
                .toList();
    }
}
