package dev.skopos.jakarta.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS-terminating forwarder on a loopback port in front of a real PocketBase, as a reverse proxy with a
 * certificate would be: it speaks TLS with a self-signed certificate for {@code 127.0.0.1} (made by {@code keytool}
 * for each instance) and passes the plain bytes on. {@link #trustedByTheJvm()} makes the certificate trusted the
 * way an operator would, as the JVM's default TLS configuration, until closed.
 */
public final class TlsTerminator implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore keyStore;
    private final LoopbackServer server;

    private TlsTerminator(URI target) throws IOException, GeneralSecurityException {
        this.keyStore = selfSignedKeyStore();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext serverSide = SSLContext.getInstance("TLS");
        serverSide.init(keys.getKeyManagers(), null, null);
        this.server = LoopbackServer.start(serverSide.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), "tls-terminator", (client, threads) ->
                Relay.between(client, new Socket(target.getHost(), target.getPort()), threads));
    }

    /** A terminator forwarding to the PocketBase at {@code target}, e.g. {@code http://127.0.0.1:8090}. */
    public static TlsTerminator to(String target) {
        try {
            return new TlsTerminator(URI.create(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Trusts the certificate as the JVM's default TLS configuration until the returned handle is closed. */
    public AutoCloseable trustedByTheJvm() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore certificateOnly = KeyStore.getInstance("PKCS12");
        try {
            certificateOnly.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificateOnly.setCertificateEntry("pocketbase", keyStore.getCertificate("pocketbase"));
        trust.init(certificateOnly);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(client);
        return () -> SSLContext.setDefault(previous);
    }

    /** A key pair and self-signed certificate for 127.0.0.1 and localhost, made by the JDK's keytool. */
    private static KeyStore selfSignedKeyStore() throws IOException, GeneralSecurityException {
        Path directory = Files.createTempDirectory("skopos-tls");
        Path file = directory.resolve("pocketbase.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process run = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "pocketbase",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try (InputStream output = run.getInputStream()) {
            String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(directory);
        return store;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
