package io.finbridge.inbound;

/** The outcome of a signature or token check; the reason goes to the caller and the security log, never a secret. */
public record Verdict(boolean accepted, String reason) {

    private static final Verdict ACCEPTED = new Verdict(true, "valid");

    public static Verdict valid() {
        return ACCEPTED;
    }

    public static Verdict invalid(String reason) {
        return new Verdict(false, reason);
    }
}
