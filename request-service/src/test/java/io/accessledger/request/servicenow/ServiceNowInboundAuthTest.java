package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ServiceNowInboundAuthTest {
    private final ServiceNowInboundAuth auth = new ServiceNowInboundAuth("snow", "s3cret", "shared-token-123");

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private void assertUnauthorized(String header) {
        assertThatThrownBy(() -> auth.verify(header)).isInstanceOfSatisfying(ApiProblem.class,
                problem -> org.assertj.core.api.Assertions.assertThat(problem.status())
                        .isEqualTo(HttpStatus.UNAUTHORIZED));
    }

    @Test
    void basicWithTheConfiguredCredentialsIsAccepted() {
        assertThatCode(() -> auth.verify(basic("snow", "s3cret"))).doesNotThrowAnyException();
    }

    @Test
    void basicWithAWrongPasswordOrUserIsUnauthorized() {
        assertUnauthorized(basic("snow", "wrong"));
        assertUnauthorized(basic("other", "s3cret"));
        assertUnauthorized("Basic !!!not-base64");
    }

    @Test
    void bearerWithTheSharedTokenIsAccepted() {
        assertThatCode(() -> auth.verify("Bearer shared-token-123")).doesNotThrowAnyException();
    }

    @Test
    void bearerWithAnotherTokenIsUnauthorized() {
        assertUnauthorized("Bearer shared-token-124");
        assertUnauthorized("Bearer ");
    }

    @Test
    void noCredentialsAreUnauthorized() {
        assertUnauthorized(null);
        assertUnauthorized("");
        assertUnauthorized("Digest abc");
    }

    @Test
    void anUnconfiguredBearerTokenNeverMatches() {
        ServiceNowInboundAuth basicOnly = new ServiceNowInboundAuth("snow", "s3cret", "");
        assertThatThrownBy(() -> basicOnly.verify("Bearer ")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> basicOnly.verify("Bearer x")).isInstanceOf(ApiProblem.class);
    }
}
