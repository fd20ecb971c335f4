package io.accessledger.policy.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.accessledger.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** A publication or a what-if draft that is not a valid policy is answered 422 invalid-policy, problem by problem. */
class PolicyUploadTest {
    private static final String UNKNOWN_KEY = """
            resources:
              - id: wiki
                name: Team wiki
                target: confluence
                sensitivity: LOW
                colour: blue
                levels:
                  - name: read
                    privileged: false
            """;

    @Test
    void anInvalidDocumentIsA422InvalidPolicyNamingThePathAndLineOfEachProblem() {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class,
                () -> PolicyUpload.parse(UNKNOWN_KEY, "The draft is not valid"));

        assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(problem.slug()).isEqualTo("invalid-policy");
        assertThat(problem.title()).isEqualTo("The draft is not valid");
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("resources[0].colour");
            assertThat(error.message()).startsWith("line 6: ");
        });
    }

    @Test
    void aValidDocumentIsReturnedAsParsed() {
        assertThat(PolicyUpload.parse(UNKNOWN_KEY.replace("    colour: blue\n", ""), "The policy is not valid")
                .resource("wiki")).isPresent();
    }
}
