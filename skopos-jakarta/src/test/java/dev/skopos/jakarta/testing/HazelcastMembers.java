package dev.skopos.jakarta.testing;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import dev.skopos.jakarta.internal.cluster.JCacheMap;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Hazelcast members in this JVM, clustered over loopback on free ports, each standing for the JCache engine of
 * one application-server instance: the tracker of each test instance shares its state through its own member.
 */
public final class HazelcastMembers implements AutoCloseable {
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<CacheManager> managers = new ArrayList<>();

    public HazelcastMembers(int count) {
        String cluster = "skopos-test-" + UUID.randomUUID();
        String first = null;
        for (int i = 0; i < count; i++) {
            HazelcastInstance member = start(cluster, first);
            if (first == null) {
                first = "127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort();
            }
            members.add(member);
            // a provider of its own per member: JCache's lookup would hand every member the first one's manager;
            // the same URI and class loader give the cache the same name on every member, as on one server each
            CachingProvider provider = new HazelcastMemberCachingProvider();
            managers.add(provider.getCacheManager(provider.getDefaultURI(), HazelcastMembers.class.getClassLoader(),
                    HazelcastCachingProvider.propertiesByInstanceItself(member)));
        }
    }

    /**
     * A member on a free port that joins {@code first} (or starts the cluster); tried again on another port when
     * some other process took the free one first.
     */
    private static HazelcastInstance start(String cluster, String first) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                String joins = first == null ? "127.0.0.1:" + port : first;
                return Hazelcast.newHazelcastInstance(config(cluster, port, joins));
            } catch (HazelcastException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static Config config(String cluster, int port, String joins) {
        Config config = new Config().setClusterName(cluster).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(joins);
        return config;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tracker's shared map on member {@code index}. */
    public JCacheMap map(int index) {
        return new JCacheMap(JCacheMap.cacheOf(managers.get(index)));
    }

    /**
     * How much of the tracker's cache member {@code index} holds: the partitions it owns, of all, and the
     * synchronous backups the cache is configured to keep of each entry (each on another member, if any).
     */
    public String layout(int index) {
        HazelcastInstance member = members.get(index);
        Set<Partition> partitions = member.getPartitionService().getPartitions();
        long owned = partitions.stream()
                .filter(partition -> member.getCluster().getLocalMember().equals(partition.getOwner())).count();
        int backups = JCacheMap.cacheOf(managers.get(index)).getConfiguration(CacheConfig.class).getBackupCount();
        return String.format(Locale.ROOT, "member %d of %d owns %d of %d partitions; %d synchronous backup(s)"
                + " configured", index, members.size(), owned, partitions.size(), backups);
    }

    /** Stops member {@code index} at once, without leaving the cluster: as its server process would if killed. */
    public void kill(int index) {
        members.get(index).getLifecycleService().terminate();
    }

    @Override
    public void close() {
        members.forEach(member -> member.getLifecycleService().terminate());
    }
}
