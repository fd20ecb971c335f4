package io.accessledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.util.LinkedMultiValueMap;

class SignInAttemptTest {

    @Test
    void theChallengeIsS256OfTheVerifierAsRfc7636AppendixBComputesIt() {
        SignInAttempt attempt = new SignInAttempt("s".repeat(43), "n".repeat(43),
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

        assertThat(attempt.challenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void overHttpsTheAttemptIsAHostOnlySecureLaxCookieOfTenMinutesThatReadsBack() {
        SignInAttempt attempt = SignInAttempt.start(new SecureRandom());

        ResponseCookie cookie = attempt.cookie(true);

        assertThat(cookie.getName()).isEqualTo("__Host-accessledger_oidc");
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getDomain()).isNull();
        assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofMinutes(10));
        var cookies = new LinkedMultiValueMap<String, HttpCookie>();
        cookies.add(cookie.getName(), new HttpCookie(cookie.getName(), cookie.getValue()));
        assertThat(SignInAttempt.of(cookies, true)).contains(attempt);
        assertThat(SignInAttempt.of(cookies, false)).as("the plain name is not read over https").isEmpty();
        assertThat(SignInAttempt.ended(true).getName()).isEqualTo(cookie.getName());
        assertThat(SignInAttempt.ended(true).getMaxAge()).isZero();
    }

    @Test
    void aCookieOfAnotherShapeHoldsNoAttempt() {
        assertThat(SignInAttempt.fromCookie("a.b.c")).isEmpty();
        assertThat(SignInAttempt.fromCookie("x".repeat(43) + "." + "y".repeat(43))).isEmpty();
        assertThat(SignInAttempt.fromCookie(null)).isEmpty();
        assertThat(SignInAttempt.fromCookie("x".repeat(43) + "." + "y".repeat(43) + "." + "z".repeat(43)))
                .contains(new SignInAttempt("x".repeat(43), "y".repeat(43), "z".repeat(43)));
    }
}
