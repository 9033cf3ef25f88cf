package dev.skopos.jakarta.internal.intake;

/**
 * What a user agent string says, parsed once per distinct string.
 *
 * @param browser  browser family, {@code Unknown} when not recognised
 * @param os       operating system family, {@code Unknown} when not recognised
 * @param device   {@code desktop}, {@code mobile} or {@code tablet}
 * @param botScore the part of the bot score that the string alone earns
 */
public record UserAgentInfo(String browser, String os, String device, int botScore) {
    /** A browser or OS family the parser did not recognise. */
    public static final String UNKNOWN = "Unknown";
}
