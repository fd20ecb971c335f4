package io.accessledger.audit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.accessledger.audit.model.AuditTrailView.Format;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JSON Lines written field by field are the bytes the earlier export wrote: a map of the columns per line. */
class TrailExportTest {
    private static final String[] VALUES = {null, "", "plain", "quote \" backslash \\ slash /", "tab\tline\nret\r",
        "nul \u0000 bell \u0007 esc \u001b del \u007f", "é ü 漢字 🙂", "rtl \u202e lone \ud83d", "\u2028\u2029",
        "<script>alert(1)</script>", "{\"json\":\"in a string\"}"};

    @Test
    void jsonLinesAreTheBytesOfTheColumnsWrittenAsAMap() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        TrailExport export = new TrailExport(Format.JSON, written);
        ObjectMapper plain = new ObjectMapper();
        for (int n = 0; n < 2_000; n++) {
            String[] v = new String[12];
            for (int i = 0; i < v.length; i++) {
                v[i] = VALUES[random.nextInt(VALUES.length)];
            }
            String details = "{\"a\":" + n + ",\"b\":\"x\\ty\"}";
            TrailExport.Row row = new TrailExport.Row(Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L),
                    random.nextInt(1_000_000_000)), v[0] == null ? "id-" + n : v[0], v[1], v[2], v[3], v[4], v[5],
                    v[6], v[7], v[8], v[9], v[10], v[11], details);
            export.row(row);
            List<String> values = row.values();
            Map<String, Object> line = new LinkedHashMap<>();
            for (int i = 0; i < TrailExport.COLUMNS.size() - 1; i++) {
                line.put(TrailExport.COLUMNS.get(i), values.get(i));
            }
            line.put("details", new RawValue(details));
            expected.append(plain.writeValueAsString(line)).append('\n');
        }
        export.finish();
        // as bytes: the earlier export's writer encoded each line's string, a lone surrogate as '?'
        assertThat(written.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }
}
