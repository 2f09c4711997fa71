package fr.facteur.tracking;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import fr.facteur.security.TenantScope;

/** GET /api/tenants/{id}/summary?month=2026-11 as JSON, or as CSV with format=csv (or Accept: text/csv). */
@RestController
class SummaryController {

    private final MonthlySummary summaries;

    SummaryController(MonthlySummary summaries) {
        this.summaries = summaries;
    }

    @GetMapping(path = "/api/tenants/{id}/summary", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
    ResponseEntity<?> summary(@PathVariable String id, @RequestParam(required = false) String month,
            @RequestParam(required = false) String format,
            @org.springframework.web.bind.annotation.RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!TenantScope.allows(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "tenant " + id + " not found");
        }
        YearMonth period;
        try {
            period = month == null ? YearMonth.now(ZoneOffset.UTC) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "month must be YYYY-MM, found: " + month);
        }
        MonthlySummary.Summary summary = summaries.of(id, period);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.startsWith("text/csv"));
        if (csv) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-" + period + ".csv\"")
                    .body(summary.toCsv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(summary);
    }
}
