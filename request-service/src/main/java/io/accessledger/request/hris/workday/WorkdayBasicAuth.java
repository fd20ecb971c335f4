package io.accessledger.request.hris.workday;

import io.accessledger.request.hris.WebhookRejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** HTTP Basic as Workday's outbound endpoints send it; both parts compared in constant time. */
public final class WorkdayBasicAuth {
    private final byte[] username;
    private final byte[] password;

    public WorkdayBasicAuth(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    public void verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw WebhookRejection.badCredentials();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WebhookRejection.badCredentials();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw WebhookRejection.badCredentials();
        }
        boolean userOk = MessageDigest.isEqual(username,
                decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password,
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        if (!(userOk & passwordOk)) {
            throw WebhookRejection.badCredentials();
        }
    }
}
