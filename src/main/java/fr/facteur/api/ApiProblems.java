package fr.facteur.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last resort of the API's error handling: an exception no other handler knows becomes a 500 problem detail
 * instead of Boot's /error JSON, so that every error of /api is application/problem+json.
 *
 * <p>The errors Spring MVC knows (unknown path, bad parameter, ResponseStatusException...) are already problem
 * details (spring.mvc.problemdetails.enabled); this advice runs after that handler (lowest precedence) and only
 * for the gateway's own controllers. The detail stays generic: an internal message may name paths or partners'
 * hosts, so it goes to the log, not to the caller.
 */
@RestControllerAdvice(basePackages = "fr.facteur")
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("API request failed", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The gateway could not answer this request; the cause is in its log");
        problem.setTitle("Internal error");
        return problem;
    }
}
