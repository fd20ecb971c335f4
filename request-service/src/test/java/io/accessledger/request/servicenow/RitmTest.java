package io.accessledger.request.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accessledger.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RITM payloads as ServiceNow's outbound REST message and Table API send them. */
class RitmTest {
    static byte[] fixture(String name) {
        try (InputStream in = RitmTest.class.getResourceAsStream("/servicenow/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    @Test
    void outboundRestMessageMapsReferencesAndCatalogVariables() {
        Ritm ritm = Ritm.parse(fixture("ritm-outbound-rest.json"));

        assertThat(ritm.sysId()).isEqualTo("aeed229047801200e0ef563dbb9a71c2");
        assertThat(ritm.number()).isEqualTo("RITM0010023");
        assertThat(ritm.state()).isEqualTo("1");
        assertThat(ritm.catItem()).isEqualTo("AccessLedger access request");
        assertThat(ritm.requestedFor()).startsWith("E1030", "ana.lopez");
        assertThat(ritm.openedBy()).startsWith("E1031", "bruno.diaz");
        assertThat(ritm.resourceId()).isEqualTo("finance-dwh");
        assertThat(ritm.accessLevel()).isEqualTo("read");
        assertThat(ritm.justification()).isEqualTo("Month-end close reporting for the EMEA ledger");
        assertThat(ritm.accessDuration()).isEqualTo("P90D");
    }

    @Test
    void tableApiRecordWithDisplayValuesAllAndDottedVariablesIsUnwrapped() {
        Ritm ritm = Ritm.parse(fixture("ritm-table-api-display-all.json"));

        assertThat(ritm.sysId()).isEqualTo("b1d4e1d0db3a4410bd7e5e3c8a9619aa");
        assertThat(ritm.number()).isEqualTo("RITM0010024");
        assertThat(ritm.requestedFor()).containsExactly("a8f98bb0eb32010045e1a5115206fe3a", "E1032");
        assertThat(ritm.resourceId()).isEqualTo("crm");
        assertThat(ritm.accessLevel()).isEqualTo("write");
        assertThat(ritm.justification()).isEqualTo("Taking over the Nordics key accounts");
        assertThat(ritm.accessDuration()).isNull();
    }

    @Test
    void plainStringReferencesAreTakenAsTheyAre() {
        Ritm ritm = Ritm.parse(fixture("ritm-placeholder-justification.json"));

        assertThat(ritm.requestedFor()).isEqualTo(List.of("E1030"));
        assertThat(ritm.openedBy()).isEqualTo(List.of("E1030"));
        assertThat(ritm.catItem()).isEqualTo("04b7e94b4f7b4200086eeed18110c7fd");
        assertThat(ritm.justification()).isEqualTo("n/a");
    }

    @Test
    void aRecordWithoutSysIdOrNotJsonIsInvalid() {
        assertThatThrownBy(() -> Ritm.parse("{\"number\":\"RITM1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("sys_id");
        assertThatThrownBy(() -> Ritm.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> Ritm.parse(new byte[0])).isInstanceOf(ApiProblem.class);
    }
}
