package io.accessledger.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on, answered as RFC 9457 {@code application/problem+json}: a stable {@code type}
 * ({@code urn:accessledger:problem:<slug>}), a title, the detail, and the offending fields.
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiProblem(HttpStatus status, String slug, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-input", "The request is not valid", message,
                List.of(new FieldProblem(field, message)));
    }

    public static ApiProblem refused(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
    }

    public static ApiProblem refused(String slug, String field, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail,
                List.of(new FieldProblem(field, detail)));
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " does not exist");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, slug, "Conflicts with the current state", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public record FieldProblem(String field, String message) {
    }
}
