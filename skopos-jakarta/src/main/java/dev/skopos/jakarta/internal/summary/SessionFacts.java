package dev.skopos.jakarta.internal.summary;

/**
 * What a session contributes to the day it started in.
 *
 * @param newVisitor whether its visitor record was created for it
 * @param entryPath  path of its first event
 * @param referrer   referrer of its first event; empty for direct visits
 * @param device     desktop, mobile or tablet
 * @param browser    browser family; empty when not recognised
 * @param language   browser language; empty when not sent
 * @param country    ISO 3166-1 alpha-2 country code, {@code Unknown} without geo data
 * @param state      region name, {@code Unknown} without geo data
 */
public record SessionFacts(boolean newVisitor, String entryPath, String referrer, String device, String browser,
                           String language, String country, String state) {
}
