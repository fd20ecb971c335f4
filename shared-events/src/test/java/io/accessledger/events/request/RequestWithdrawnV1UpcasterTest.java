package io.accessledger.events.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.EventCatalog;
import io.accessledger.events.codec.EventJson;
import org.junit.jupiter.api.Test;

class RequestWithdrawnV1UpcasterTest {
    private final RequestWithdrawnV1Upcaster upcaster = new RequestWithdrawnV1Upcaster();

    private static ObjectNode v1(String reason) throws Exception {
        return (ObjectNode) EventJson.mapper().readTree("{\"eventId\":\"e-1\",\"requestId\":\"R-1\","
                + "\"withdrawnBy\":\"E1001\",\"reason\":\"" + reason + "\",\"occurredAt\":\"2026-11-02T09:15:30Z\"}");
    }

    @Test
    void aRequestersReasonBecomesTheTextOfARequesterWithdrawal() throws Exception {
        ObjectNode v2 = upcaster.upcast(v1("Changed teams"));
        assertThat(v2.has("reason")).isFalse();
        assertThat(v2.get("withdrawal").get("code").asText()).isEqualTo("REQUESTER");
        assertThat(v2.get("withdrawal").get("text").asText()).isEqualTo("Changed teams");
        assertThat(v2.get("withdrawnBy").asText()).isEqualTo("E1001");
        assertThat(v2.get("eventId").asText()).isEqualTo("e-1");
    }

    @Test
    void theLeaverConventionOfV1BecomesTheLeaverCode() throws Exception {
        ObjectNode v2 = upcaster.upcast(v1("LEAVER: the beneficiary left the organisation on 2026-05-15"));
        assertThat(v2.get("withdrawal").get("code").asText()).isEqualTo("LEAVER");
        assertThat(v2.get("withdrawal").get("text").asText())
                .isEqualTo("the beneficiary left the organisation on 2026-05-15");
    }

    @Test
    void aBareLeaverIsALeaverWithdrawalToo() throws Exception {
        assertThat(upcaster.upcast(v1("LEAVER")).get("withdrawal").get("code").asText()).isEqualTo("LEAVER");
    }

    @Test
    void aReasonThatMerelyStartsWithTheWordIsTheRequesters() throws Exception {
        assertThat(upcaster.upcast(v1("LEAVERS party cancelled")).get("withdrawal").get("code").asText())
                .isEqualTo("REQUESTER");
    }

    @Test
    void aV1WithoutAReasonHasNoWithdrawal() throws Exception {
        ObjectNode json = v1("x");
        json.remove("reason");
        assertThat(upcaster.upcast(json).has("withdrawal")).isFalse();
    }

    @Test
    void itProducesTheTypeTheCatalogPublishesToday() {
        assertThat(upcaster.toType()).isEqualTo(EventCatalog.ofClass(RequestWithdrawn.class).orElseThrow().ceType());
        assertThat(EventCatalog.byCeType(upcaster.fromType())).isEmpty();
    }
}
