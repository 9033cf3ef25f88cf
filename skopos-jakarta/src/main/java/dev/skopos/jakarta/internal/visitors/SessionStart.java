package dev.skopos.jakarta.internal.visitors;

import dev.skopos.jakarta.internal.intake.UserAgentInfo;

import java.util.Optional;

/**
 * What a session records about its first event; written once, when the session record is created.
 *
 * @param websiteId    the website's record id
 * @param visitorId    the hashed visitor id
 * @param agent        browser, OS and device
 * @param screenWidth  screen width, if the browser sent one
 * @param screenHeight screen height, if the browser sent one
 * @param language     browser language, if sent
 * @param entryPath    path of the first event
 * @param referrer     referrer of the first event; empty when none
 * @param ipAddress    the client IP, only when the website stores raw IPs
 * @param location     country and state of the client IP, looked up on first use
 */
public record SessionStart(
        String websiteId,
        String visitorId,
        UserAgentInfo agent,
        Optional<Integer> screenWidth,
        Optional<Integer> screenHeight,
        Optional<String> language,
        String entryPath,
        String referrer,
        Optional<String> ipAddress,
        SessionLocation location) {
}
