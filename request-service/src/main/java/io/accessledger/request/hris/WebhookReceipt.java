package io.accessledger.request.hris;

import java.util.List;

/** The answer to an accepted delivery: how many worker events it carried, changed the directory, or wait. */
public record WebhookReceipt(int received, int changed, int scheduled, List<String> notes) {
}
