package dev.skopos.jakarta.summary;

import java.util.Optional;

/**
 * What a session contributes to the day it started in.
 *
 * @param newVisitor whether its visitor record was created for it
 * @param entryPath  path of its first event
 * @param referrer   referrer of its first event; empty for direct visits
 * @param device     desktop, mobile or tablet
 * @param browser    browser family
 * @param language   browser language, if sent
 * @param country    ISO 3166-1 alpha-2 country code, {@code Unknown} without geo data
 * @param state      region name, {@code Unknown} without geo data
 */
public record SessionFacts(boolean newVisitor, String entryPath, String referrer, String device, String browser,
                           Optional<String> language, String country, String state) {
}
