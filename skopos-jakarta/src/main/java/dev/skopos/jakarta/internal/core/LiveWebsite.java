package dev.skopos.jakarta.internal.core;

import dev.skopos.jakarta.internal.pocketbase.Backoff;
import dev.skopos.jakarta.internal.pocketbase.Filter;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseClient;
import dev.skopos.jakarta.internal.pocketbase.PocketBaseException;
import dev.skopos.jakarta.internal.pocketbase.RealtimeSubscription;
import dev.skopos.jakarta.internal.store.RecordStore;
import dev.skopos.jakarta.internal.support.OnceLog;
import dev.skopos.jakarta.internal.website.OwnerSettings;
import dev.skopos.jakarta.internal.website.UnknownWebsiteException;
import dev.skopos.jakarta.internal.website.WebsiteSettings;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * The website's settings as they stand in PocketBase, kept current. Most live on the {@code websites} record of
 * the tracking id. {@code storeRawIp} and {@code discardShortSessions} live there too up to dashboard 0.45; since
 * 0.46 the dashboard keeps them per website owner in {@code app_settings} ({@link OwnerSettings}), and wherever that
 * collection exists they are read from there, as the dashboard reads them. Both are followed through realtime, so a
 * change made in the dashboard applies within seconds. Also records the tracker's version in
 * {@code websites.sdkVersion} where the installation has that field (dashboards before 0.38).
 */
final class LiveWebsite implements RealtimeSubscription.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LiveWebsite.class.getName());
    private static final String WEBSITES = "websites";
    private static final String APP_SETTINGS = "app_settings";
    private static final String SDK_VERSION = "sdkVersion";

    private final String trackingId;
    private final RecordStore store;
    private final PocketBaseClient pocketBase;
    private final OnceLog onceLog = new OnceLog(LOG);
    private volatile JsonObject record;
    /** The owner's settings where the installation keeps them per owner; empty where they are on the website. */
    private volatile Optional<OwnerSettings> ownerSettings = Optional.empty();
    private volatile WebsiteSettings current;
    private RealtimeSubscription subscription;

    LiveWebsite(String trackingId, RecordStore store, PocketBaseClient pocketBase) {
        this.trackingId = trackingId;
        this.store = store;
        this.pocketBase = pocketBase;
    }

    /**
     * Loads the website and its owner's settings, and records the tracker's version on it.
     *
     * @throws UnknownWebsiteException when no website has the tracking id
     * @throws PocketBaseException     when PocketBase fails
     */
    WebsiteSettings load() {
        JsonObject loaded = store.findFirst(WEBSITES, Filter.eq("trackingId", trackingId))
                .orElseThrow(() -> new UnknownWebsiteException(trackingId, pocketBase.baseUrl().toString()));
        recordVersion(loaded);
        ownerSettings = ownerSettingsOf(loaded);
        return changed(loaded);
    }

    Optional<WebsiteSettings> current() {
        return Optional.ofNullable(current);
    }

    /** Where {@code storeRawIp} and {@code discardShortSessions} are read from, for the log. */
    String settingsSource() {
        return ownerSettings.isPresent() ? "app_settings of the website's owner" : "the websites record";
    }

    /** Starts following the website (and its owner's settings) on a long-running task. */
    synchronized void follow(Executor longRunningTasks, Backoff backoff) {
        List<String> topics = new ArrayList<>(List.of(WEBSITES + "/" + current.id()));
        if (ownerSettings.isPresent()) {
            topics.add(APP_SETTINGS + "/*");
        }
        subscription = RealtimeSubscription.start(pocketBase, topics, this, longRunningTasks, backoff);
    }

    private void recordVersion(JsonObject website) {
        if (!website.containsKey(SDK_VERSION)) {
            onceLog.info(SDK_VERSION, () -> "The websites collection has no " + SDK_VERSION
                    + " field (dashboards since 0.38 have none): Skopos does not record its version there");
            return;
        }
        if (SdkVersion.value().equals(website.getString(SDK_VERSION, ""))) {
            return;
        }
        try {
            store.update(WEBSITES, website.getString("id"),
                    JSON.createObjectBuilder().add(SDK_VERSION, SdkVersion.value()).build());
        } catch (PocketBaseException e) {
            if (e.keepsRecord()) {
                throw e;
            }
            onceLog.info(SDK_VERSION + "-refused", () -> "PocketBase refused Skopos's version in websites."
                    + SDK_VERSION + " (" + e.getMessage() + "); tracking goes on without it");
        }
    }

    /**
     * The owner's settings where the installation has {@code app_settings}; empty where it does not, or where the
     * tracker's account may not read it (said once, with the remedy), so the website's own fields count.
     */
    private Optional<OwnerSettings> ownerSettingsOf(JsonObject website) {
        String owner = website.getString("user", "");
        try {
            List<JsonObject> records = owner.isEmpty()
                    ? store.find(APP_SETTINGS, Filter.eq("key", OwnerSettings.STORE_RAW_IP), 1)
                    : store.find(APP_SETTINGS, Filter.eq("user", owner)
                            .and(Filter.anyOf("key", OwnerSettings.KEYS)), OwnerSettings.KEYS.size() * 2);
            return Optional.of(owner.isEmpty() ? OwnerSettings.NONE : OwnerSettings.of(records));
        } catch (PocketBaseException e) {
            if (!e.isCollectionUnavailable()) {
                throw e;
            }
            if (!e.isNotFound()) {
                onceLog.warning(APP_SETTINGS, () -> "Skopos may not read PocketBase's " + APP_SETTINGS
                        + ", where the dashboard keeps storeRawIp and discardShortSessions; they are read from the"
                        + " websites record instead. server-config/pocketbase/apply-tracker-access.sh gives the"
                        + " tracker's account that access");
            }
            return Optional.empty();
        }
    }

    private WebsiteSettings changed(JsonObject website) {
        record = website;
        WebsiteSettings settings = WebsiteSettings.fromRecord(website);
        current = ownerSettings.map(settings::with).orElse(settings);
        return current;
    }

    @Override
    public void onSubscribed() {
        // what changed while the stream was away
        JsonObject reloaded = store.get(WEBSITES, record.getString("id"));
        ownerSettings = ownerSettingsOf(reloaded);
        changed(reloaded);
    }

    @Override
    public void onRecord(String topic, String action, JsonObject changed) {
        if (topic.startsWith(APP_SETTINGS)) {
            ownerSettingChanged(action, changed);
        } else if ("update".equals(action)) {
            if (!changed.getString("user", "").equals(record.getString("user", ""))) {
                ownerSettings = ownerSettingsOf(changed);
            }
            changed(changed);
            LOG.fine(() -> "Skopos website settings changed in PocketBase: " + current);
        } else if ("delete".equals(action)) {
            LOG.warning(() -> "The Skopos websites record " + changed.getString("id", "?")
                    + " was deleted in PocketBase; keeping its last settings");
        }
    }

    private void ownerSettingChanged(String action, JsonObject setting) {
        Optional<OwnerSettings> settings = ownerSettings;
        if (settings.isPresent() && setting.getString("user", "").equals(current.owner())) {
            ownerSettings = Optional.of(settings.get().changed(setting, "delete".equals(action)));
            changed(record);
            LOG.fine(() -> "Skopos website owner's settings changed in PocketBase: " + current);
        }
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
