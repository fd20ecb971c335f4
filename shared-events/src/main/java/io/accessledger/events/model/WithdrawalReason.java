package io.accessledger.events.model;

/**
 * Why a request was withdrawn ({@code RequestWithdrawn.v2}): who decided it, as a code a consumer can act on, and
 * the words of whoever withdrew it.
 */
public record WithdrawalReason(Code code, String text) {
    public enum Code {
        /** The requester or the beneficiary withdrew it; {@code text} is what they said. */
        REQUESTER,
        /** The system withdrew it because the beneficiary left the organisation. */
        LEAVER
    }

    public static WithdrawalReason byRequester(String text) {
        return new WithdrawalReason(Code.REQUESTER, text);
    }

    public static WithdrawalReason leaver(String text) {
        return new WithdrawalReason(Code.LEAVER, text);
    }
}
