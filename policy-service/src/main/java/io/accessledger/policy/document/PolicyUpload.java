package io.accessledger.policy.document;

import io.accessledger.events.policy.document.PolicyDocument;
import io.accessledger.events.codec.EventJson;
import io.accessledger.web.ApiProblem;
import io.accessledger.web.TextInput;
import org.springframework.http.HttpStatus;

/**
 * A policy document sent over HTTP (a publication or a what-if draft), read strictly by {@link PolicyParser}; an
 * invalid one is answered 422 {@code invalid-policy} with each problem's path and line.
 */
public final class PolicyUpload {
    private static final PolicyParser PARSER = new PolicyParser();

    private PolicyUpload() {
    }

    /** The document, or an {@link ApiProblem} titled {@code title} listing what is wrong with it. */
    public static PolicyDocument parse(String text, String title) {
        PolicyDocument document;
        try {
            document = PARSER.parse(text);
        } catch (PolicyParser.InvalidPolicyException e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-policy", title, e.getMessage(),
                    e.problems().stream().map(p -> new ApiProblem.FieldProblem(p.path(),
                    (p.line() == null ? "" : "line " + p.line() + ": ") + p.message())).toList());
        }
        // Text the database cannot store or that is not Unicode (a NUL, an unpaired surrogate), however written.
        String textProblem = TextInput.problemIn(EventJson.mapper().valueToTree(document));
        if (textProblem != null) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-policy", title, textProblem,
                    java.util.List.of(new ApiProblem.FieldProblem(textProblem.split(":")[0], textProblem)));
        }
        return document;
    }
}
