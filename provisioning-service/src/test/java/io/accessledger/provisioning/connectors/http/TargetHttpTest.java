package io.accessledger.provisioning.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetHttpTest {
    @Test
    void classifiesStatusesAsTheConnectorContractSays() {
        assertThat(TargetHttp.isTransient(429)).isTrue();
        assertThat(TargetHttp.isTransient(503)).isTrue();
        assertThat(TargetHttp.isTransient(408)).isTrue();
        assertThat(TargetHttp.isTransient(400)).isFalse();
        assertThat(TargetHttp.isTransient(401)).isFalse();
        assertThat(TargetHttp.isTransient(404)).isFalse();
    }

    @Test
    void encodesAPathSegmentKeepingTheAtSign() {
        assertThat(TargetHttp.pathSegment("guest_example.com#EXT#@acme.onmicrosoft.com"))
                .isEqualTo("guest_example.com%23EXT%23@acme.onmicrosoft.com");
        assertThat(TargetHttp.pathSegment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
