package io.accessledger.events.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accessledger.events.codec.EventUpcaster;
import io.accessledger.events.model.WithdrawalReason;

/**
 * {@code RequestWithdrawn.v1} → {@code .v2}: the free-text {@code reason} becomes {@code withdrawal: {code, text}}.
 * A v1 leaver withdrawal said so by convention, its reason starting {@code LEAVER:} (or being just {@code LEAVER});
 * that becomes code {@code LEAVER} with the rest as its text, anything else code {@code REQUESTER} with the reason
 * unchanged.
 */
public final class RequestWithdrawnV1Upcaster implements EventUpcaster {
    static final String LEAVER_PREFIX = "LEAVER";

    @Override
    public String fromType() {
        return "accessledger.request.withdrawn.v1";
    }

    @Override
    public String toType() {
        return "accessledger.request.withdrawn.v2";
    }

    @Override
    public ObjectNode upcast(ObjectNode json) {
        JsonNode reason = json.remove("reason");
        if (reason != null && reason.isTextual()) {
            WithdrawalReason withdrawal = withdrawal(reason.asText());
            ObjectNode structured = json.putObject("withdrawal");
            structured.put("code", withdrawal.code().name());
            structured.put("text", withdrawal.text());
        }
        return json;
    }

    static WithdrawalReason withdrawal(String reason) {
        if (reason.equals(LEAVER_PREFIX)) {
            return WithdrawalReason.leaver(reason);
        }
        if (reason.startsWith(LEAVER_PREFIX + ":")) {
            return WithdrawalReason.leaver(reason.substring(LEAVER_PREFIX.length() + 1).trim());
        }
        return WithdrawalReason.byRequester(reason);
    }
}
