package io.accessledger.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.accessledger.events.envelope.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainHashTest {
    private final Map<String, String> headers = new HashMap<>(Map.of(
            CloudEventHeaders.ID, "e-1", CloudEventHeaders.TYPE, "accessledger.request.submitted.v1",
            CloudEventHeaders.SOURCE, "/accessledger/request-service", CloudEventHeaders.TIME,
            "2026-11-02T09:15:30Z", CloudEventHeaders.SUBJECT, "R-1"));
    private final byte[] value = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private String hash() {
        return ChainHash.of("t", "R-1", headers::get, value, 3, 1, ChainHash.NO_PREDECESSOR);
    }

    @Test
    void theHashIsStableHexSha256() {
        assertThat(hash()).hasSize(64).matches("[0-9a-f]+").isEqualTo(hash());
    }

    @Test
    void everyPartOfTheCanonicalFormChangesTheHash() {
        String original = hash();
        assertThat(ChainHash.of("u", "R-1", headers::get, value, 3, 1, ChainHash.NO_PREDECESSOR)).isNotEqualTo(original);
        assertThat(ChainHash.of("t", "R-2", headers::get, value, 3, 1, ChainHash.NO_PREDECESSOR)).isNotEqualTo(original);
        assertThat(ChainHash.of("t", "R-1", headers::get, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 3, 1,
                ChainHash.NO_PREDECESSOR)).isNotEqualTo(original);
        assertThat(ChainHash.of("t", "R-1", headers::get, value, 4, 1, ChainHash.NO_PREDECESSOR)).isNotEqualTo(original);
        assertThat(ChainHash.of("t", "R-1", headers::get, value, 3, 2, ChainHash.NO_PREDECESSOR)).isNotEqualTo(original);
        assertThat(ChainHash.of("t", "R-1", headers::get, value, 3, 1, "1".repeat(64))).isNotEqualTo(original);
        for (String header : new String[] {CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT}) {
            String before = headers.put(header, headers.get(header) + "x");
            assertThat(hash()).as(header).isNotEqualTo(original);
            headers.put(header, before);
        }
        assertThat(hash()).isEqualTo(original);
    }

    @Test
    void lengthPrefixesKeepFieldBoundariesUnambiguous() {
        assertThat(ChainHash.of("ab", "c", headers::get, value, 0, 0, ChainHash.NO_PREDECESSOR))
                .isNotEqualTo(ChainHash.of("a", "bc", headers::get, value, 0, 0, ChainHash.NO_PREDECESSOR));
    }

    @Test
    void anAbsentHeaderIsNotTheEmptyHeader() {
        headers.remove(CloudEventHeaders.SUBJECT);
        String absent = hash();
        headers.put(CloudEventHeaders.SUBJECT, "");
        assertThat(hash()).isNotEqualTo(absent);
    }
}
