package io.accessledger.request.hris.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class WorkdayBasicAuthTest {
    private final WorkdayBasicAuth auth = new WorkdayBasicAuth("ISU_AccessLedger", "s3cret:with-colon");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String header) {
        assertThatThrownBy(() -> auth.verify(header)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(problem.slug()).isEqualTo("invalid-credentials");
        });
    }

    @Test
    void acceptsTheConfiguredCredentials() {
        assertThatCode(() -> auth.verify(basic("ISU_AccessLedger", "s3cret:with-colon")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAWrongPassword() {
        assertRefused(basic("ISU_AccessLedger", "guess"));
    }

    @Test
    void refusesAWrongUser() {
        assertRefused(basic("someone", "s3cret:with-colon"));
    }

    @Test
    void refusesAMissingOrNonBasicHeader() {
        assertRefused(null);
        assertRefused("Bearer abc.def.ghi");
        assertRefused("Basic !!!not-base64");
        assertRefused("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)));
    }
}
