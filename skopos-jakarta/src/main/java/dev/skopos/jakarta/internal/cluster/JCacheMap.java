package dev.skopos.jakarta.internal.cluster;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link SharedMap} on a JCache (JSR-107) cache. Only loaded when the JCache API is on the class path and the
 * shared state is switched on, so that the tracker runs without it everywhere else.
 */
public final class JCacheMap implements SharedMap {
    /** The cache every instance of the tracker shares its state in. */
    public static final String CACHE_NAME = "skopos-shared-state";

    private final Cache<String, String> cache;
    private final String description;

    public JCacheMap(Cache<String, String> cache) {
        this.cache = cache;
        this.description = "JCache '" + cache.getName() + "' of " + cache.getCacheManager().getCachingProvider()
                .getClass().getName();
    }

    /**
     * The shared cache of the server's engine: the cache manager the application can inject (Payara Micro and
     * Payara Server offer Hazelcast's), else the JCache provider configured on the class path. The provider is
     * only asked when no manager is injectable, because a provider found by default may be a client that
     * waits forever for a cluster that does not exist.
     *
     * @throws SharedStateException when neither gives a cache
     */
    public static JCacheMap open() {
        try {
            CacheManager manager = injectableManager().orElseGet(() -> Caching.getCachingProvider().getCacheManager());
            return new JCacheMap(cacheOf(manager));
        } catch (RuntimeException e) {
            throw new SharedStateException("no JCache cache could be opened: " + e, e);
        }
    }

    private static Optional<CacheManager> injectableManager() {
        Instance<CacheManager> managers = CDI.current().select(CacheManager.class);
        return managers.isResolvable() ? Optional.of(managers.get()) : Optional.empty();
    }

    /** The shared cache of {@code manager}, created by whichever instance comes first. */
    public static Cache<String, String> cacheOf(CacheManager manager) {
        Cache<String, String> cache = manager.getCache(CACHE_NAME, String.class, String.class);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(CACHE_NAME, new MutableConfiguration<String, String>()
                    .setTypes(String.class, String.class));
        } catch (CacheException e) {
            // another instance created it in the meantime
            Cache<String, String> created = manager.getCache(CACHE_NAME, String.class, String.class);
            if (created == null) {
                throw e;
            }
            return created;
        }
    }

    @Override
    public Optional<String> get(String key) {
        return call(() -> Optional.ofNullable(cache.get(key)));
    }

    @Override
    public boolean putIfAbsent(String key, String value) {
        return call(() -> cache.putIfAbsent(key, value));
    }

    @Override
    public boolean replace(String key, String expected, String value) {
        return call(() -> cache.replace(key, expected, value));
    }

    @Override
    public boolean remove(String key, String expected) {
        return call(() -> cache.remove(key, expected));
    }

    @Override
    public String describe() {
        return description;
    }

    private <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            // the engine's own exceptions (a member gone, a timeout) are runtime exceptions of its own types
            throw new SharedStateException(description + " failed: " + e, e);
        }
    }
}
