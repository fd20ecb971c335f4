package io.accessledger.web;

import io.accessledger.spine.commands.Refused;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Every error as RFC 9457 problem+json; a client's mistake is never a 5xx and no answer carries a stack trace. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    public ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        if (problem.status() == HttpStatus.FORBIDDEN || problem.status() == HttpStatus.UNAUTHORIZED) {
            log.warn("Refused ({} {}): {}", problem.status().value(), problem.slug(), problem.getMessage());
        }
        return respond(problem.status(), problem.slug(), problem.title(), problem.getMessage(), problem.errors());
    }

    /** The one refusal type of aggregates and rules, mapped here once: the rule's name is the problem's slug. */
    @ExceptionHandler(Refused.class)
    public ResponseEntity<ProblemDetail> refused(Refused refused) {
        return switch (refused.kind()) {
            case NOT_ALLOWED -> refusedCaller(refused);
            case CLOSED, CONFLICT -> respond(HttpStatus.CONFLICT, refused.rule(), "Conflicts with the current state",
                    refused.getMessage(), List.of());
            case INVALID -> respond(HttpStatus.UNPROCESSABLE_CONTENT, refused.rule(), "Refused", refused.getMessage(),
                    List.of());
        };
    }

    /** A caller the rules do not allow: logged (ASVS 16.3.2), answered 403 with the rule's name. */
    private static ResponseEntity<ProblemDetail> refusedCaller(Refused refused) {
        log.warn("Refused (403 {}): {}", refused.rule(), refused.getMessage());
        return respond(HttpStatus.FORBIDDEN, refused.rule(), "Not allowed", refused.getMessage(), List.of());
    }

    @ExceptionHandler(WebExchangeBindException.class)
    public ResponseEntity<ProblemDetail> invalid(WebExchangeBindException e) {
        List<ApiProblem.FieldProblem> errors = e.getFieldErrors().stream()
                .map(error -> new ApiProblem.FieldProblem(error.getField(), error.getDefaultMessage())).toList();
        return respond(HttpStatus.BAD_REQUEST, "invalid-input", "The request is not valid",
                errors.size() + " field(s) are not valid", errors);
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> malformed(ServerWebInputException e) {
        String detail = e.getReason() != null ? e.getReason() : "The request body or parameters cannot be read";
        return respond(HttpStatus.BAD_REQUEST, "malformed", "Malformed request", detail, List.of());
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatusCode code = e.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        String title = status != null ? status.getReasonPhrase() : "Error";
        return respond(code, slug(title), title, e.getReason() != null ? e.getReason() : title, List.of());
    }

    /**
     * A value the database refuses as data (SQLState class 22: too long for its column, a byte sequence or character
     * it cannot store, a number out of range) came from the client: 400, never a 500. Other database failures stay
     * unexpected.
     */
    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    public ResponseEntity<ProblemDetail> data(org.springframework.dao.DataAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                log.warn("Refused a value the database cannot store (SQLState {})", sql.getSQLState());
                return respond(HttpStatus.BAD_REQUEST, "invalid-input", "The request is not valid",
                        "A value is too long or contains characters that cannot be stored", List.of());
            }
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String lost = databaseUnreachable(e);
        if (lost != null) {
            log.warn("Answered 503: the service's database is unreachable ({})", lost);
            ResponseEntity<ProblemDetail> answer = respond(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "Temporarily unavailable", "The service cannot reach its database. Try again shortly (with the "
                            + "same Idempotency-Key, a request already recorded is answered once).", List.of());
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)).body(answer.getBody());
        }
        log.error("Unexpected failure answering a request", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The service could not complete the request; it has been logged.", List.of());
    }

    /** Seconds a client is asked to wait ({@code Retry-After}) when the database cannot be reached. */
    static final int RETRY_AFTER_SECONDS = 5;

    /**
     * Why {@code e} is the database being out of reach rather than a fault of this request, or {@code null}: a
     * connection exception (SQLState class 08), the server shutting down, crashed or starting (57P01 to 57P03), or a
     * connection that could not be opened ({@code java.net.ConnectException}) anywhere in its causes. The transaction
     * was not committed, so the client may simply try again: 503, not 500.
     */
    static String databaseUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return "SQLState " + sql.getSQLState();
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
        }
        return null;
    }

    static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, String slug, String title, String detail,
            List<ApiProblem.FieldProblem> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("urn:accessledger:problem:" + slug));
        body.setTitle(title);
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors.stream()
                    .map(error -> Map.of("field", error.field(), "message", error.message())).toList());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
