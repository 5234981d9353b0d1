package io.miglint.layout;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code sqitch.plan} read as sqitch 1.6.1 reads it (lib/App/Sqitch/Plan.pm {@code _parse}): pragmas up to the first
 * blank line, then change and tag lines in deploy order, a change's dependencies {@code [req !conflict]}, its
 * timestamp, planner and note. A change named again after a tag is a rework: the earlier entry keeps its scripts as
 * {@code name@tag.sql} (Plan/Change.pm {@code _path_segments}). Each change's id is sqitch's SHA-1 of its info text
 * (Plan/Change.pm {@code info}, {@code id}), the key of the registry's {@code changes} table.
 *
 * @param project the {@code %project} pragma
 * @param uri     the {@code %uri} pragma, or null
 * @param changes in plan order (sqitch deploys them in this order; {@code check_changes} only checks it)
 * @param problem sqitch's own complaint about the plan ("Syntax error in sqitch.plan at line 12: …"), when it has one;
 *                the changes read before it are kept
 */
public record SqitchPlan(String project, String uri, List<Change> changes, Optional<Problem> problem) {

    /** One change line. {@code reworkTags} are the tags whose {@code @tag} names its older scripts, nearest first. */
    public record Change(
            String name,
            int line,
            List<String> requires,
            List<String> conflicts,
            String timestamp,
            String plannerName,
            String plannerEmail,
            String note,
            List<String> tags,
            List<String> reworkTags,
            String id) {

        public boolean reworked() {
            return !reworkTags.isEmpty();
        }
    }

    /** What sqitch would refuse, at its 1-based line. */
    public record Problem(int line, String message) {}

    // Like [:punct:] but without '_' (Plan.pm $punct), as a character class body.
    private static final String PUNCT = "\\-!\"#$%&'()*+,./:;<=>?@\\[\\\\\\]^`{|}~";
    /** Plan.pm's $name_re. */
    static final String NAME =
            "(?![" + PUNCT + "])(?:(?![~/=%^\\[\\]]\\d+(?:$|[ \\t]))[^ \\t:@#\\\\])+(?<![" + PUNCT + "])\\b";

    private static final Pattern BLANK_LINE = Pattern.compile("^[ \\t]*(?:#[ \\t]*(.+)|$)");
    private static final Pattern NOTE = Pattern.compile("[ \\t]*(?:#[ \\t]*(.*))?$");
    private static final Pattern PRAGMA = Pattern.compile(
            "^[ \\t]*%[ \\t]*([^" + PUNCT + "](?:[^ \\t=]*?[^" + PUNCT + " \\t])?)(?:[ \\t]*=[ \\t]*(.+))?$");
    private static final Pattern LINE = Pattern.compile("^[ \\t]*(?:@|[ \\t]*([+-])[ \\t]*)?(" + NAME + ")([ \\t]+)?"
            + "(?:\\[([^]]+)][ \\t]*)?"
            + "(?:(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z)[ \\t]*)?"
            + "(?:([^<]+)[ \\t]+<([^>]+)>)?$");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "^(!?)(?:(" + NAME + "):)?(?:([0-9a-f]{40})|(" + NAME + ")(?:@(" + NAME + "))?|(?:@(" + NAME + "))?)$");

    /** Reads the plan's text; never throws for bad input. */
    public static SqitchPlan parse(String text) {
        String[] lines = text.split("\\r?\\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--; // the line end of the last line
        }
        Map<String, String> pragmas = new HashMap<>();
        int i = 0;
        // Pragmas: up to the first blank line without a note.
        for (; i < n; i++) {
            String line = lines[i];
            Matcher blank = BLANK_LINE.matcher(line);
            if (blank.find()) {
                if (blank.group(1) == null) {
                    i++;
                    break;
                }
                continue;
            }
            String content = stripNote(line);
            Matcher p = PRAGMA.matcher(content);
            if (!p.matches()) {
                return failed(
                        pragmas,
                        List.of(),
                        i + 1,
                        "Invalid pragma; a blank line must come between pragmas and " + "changes");
            }
            String value = p.group(2) == null ? "1" : p.group(2);
            if (p.group(1).equals("project") && !value.matches(NAME)) {
                return failed(pragmas, List.of(), i + 1, "invalid project name \"" + value + "\"");
            }
            pragmas.put(p.group(1), value);
        }
        if (!pragmas.containsKey("project")) {
            return failed(pragmas, List.of(), 0, "Missing %project pragma in sqitch.plan");
        }
        String project = pragmas.get("project");
        String uri = pragmas.get("uri");
        List<Builder> changes = new ArrayList<>();
        Map<String, Builder> named = new HashMap<>();
        Map<String, Integer> sinceTag = new HashMap<>();
        Map<String, Integer> tagLines = new HashMap<>();
        for (; i < n; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (BLANK_LINE.matcher(line).find()) {
                continue;
            }
            String note = noteOf(line);
            String content = stripNote(line);
            boolean tag = content.matches("^[ \\t]*@.*");
            Matcher m = LINE.matcher(content);
            if (!m.matches()) {
                return failed(
                        pragmas,
                        changes,
                        lineNo,
                        TIMESTAMP.matcher(content).find() || content.contains("<")
                                ? "Invalid name; names must not begin with punctuation, contain \"@\", \":\", \"#\", \"\\\", "
                                        + "\"[\", \"]\", or blanks, or end in punctuation or digits following punctuation"
                                : "Missing timestamp and planner name and email");
            }
            String name = m.group(2);
            if (m.group(5) == null && TIMESTAMP.matcher(content).find()) {
                // the planner part took the timestamp: what is before it is no name (Plan.pm's first check)
                return failed(
                        pragmas,
                        changes,
                        lineNo,
                        "Invalid name; names must not begin with punctuation, contain "
                                + "\"@\", \":\", \"#\", \"\\\", \"[\", \"]\", or blanks, or end in punctuation or digits "
                                + "following punctuation");
            }
            if (m.group(5) == null) {
                return failed(pragmas, changes, lineNo, "Missing timestamp");
            }
            if (m.group(6) == null) {
                return failed(pragmas, changes, lineNo, "Missing planner name and email");
            }
            if (name.equals("ROOT") || name.equals("HEAD")) {
                return failed(pragmas, changes, lineNo, "\"" + (tag ? "@" : "") + name + "\" is a reserved name");
            }
            if (name.matches("^[0-9a-f]{40}.*")) {
                return failed(
                        pragmas,
                        changes,
                        lineNo,
                        "\"" + name + "\" is invalid because it could be confused with a " + "SHA1 ID");
            }
            if (tag) {
                if (changes.isEmpty()) {
                    return failed(pragmas, changes, lineNo, "Tag \"" + name + "\" declared without a preceding change");
                }
                if (name.contains("/")) {
                    return failed(pragmas, changes, lineNo, "Tag \"" + name + "\" contains illegal character /");
                }
                if (tagLines.containsKey(name)) {
                    return failed(
                            pragmas,
                            changes,
                            lineNo,
                            "Tag \"" + name + "\" duplicates earlier declaration on " + "line " + tagLines.get(name));
                }
                if (m.group(4) != null) {
                    return failed(pragmas, changes, lineNo, "Tags may not specify dependencies");
                }
                tagLines.put(name, lineNo);
                changes.get(changes.size() - 1).tags.add(name);
                sinceTag.clear();
                continue;
            }
            if (sinceTag.containsKey(name)) {
                return failed(
                        pragmas,
                        changes,
                        lineNo,
                        "Change \"" + name + "\" duplicates earlier declaration on " + "line " + sinceTag.get(name));
            }
            Builder b = new Builder();
            b.name = name;
            b.line = lineNo;
            b.timestamp = m.group(5);
            b.plannerName = m.group(6);
            b.plannerEmail = m.group(7);
            b.note = note;
            if (m.group(4) != null) {
                for (String dep : m.group(4).strip().split("[ \\t]+")) {
                    Matcher d = DEPENDENCY.matcher(dep);
                    if (!d.matches()) {
                        return failed(
                                pragmas,
                                changes,
                                lineNo,
                                "\"" + dep + "\" is not a valid dependency " + "specification");
                    }
                    (d.group(1).isEmpty() ? b.requires : b.conflicts).add(asString(d, project));
                }
            }
            sinceTag.put(name, lineNo);
            Builder earlier = named.get(name);
            if (earlier != null) {
                // Plan.pm: the tags from the newest change back to the reworked one, then the reworked one's own.
                List<String> rework = new ArrayList<>();
                for (int k = changes.size() - 1; k >= 0 && changes.get(k) != earlier; k--) {
                    rework.addAll(changes.get(k).tags);
                }
                rework.addAll(earlier.tags);
                earlier.reworkTags.addAll(rework);
            }
            named.put(name, b);
            changes.add(b);
        }
        return new SqitchPlan(project, uri, build(project, uri, changes), Optional.empty());
    }

    private static SqitchPlan failed(Map<String, String> pragmas, List<Builder> changes, int line, String message) {
        String project = pragmas.getOrDefault("project", "");
        return new SqitchPlan(
                project,
                pragmas.get("uri"),
                build(project, pragmas.get("uri"), changes),
                Optional.of(new Problem(line, message)));
    }

    /** Depend.pm {@code as_string}: the key name, with the project only when it is another one. */
    private static String asString(Matcher d, String project) {
        String key;
        if (d.group(3) != null) {
            key = d.group(3);
        } else if (d.group(4) != null) {
            key = d.group(4) + (d.group(5) == null ? "" : "@" + d.group(5));
        } else {
            key = "@" + d.group(6);
        }
        String proj = d.group(2);
        return proj == null || proj.equals(project) ? key : proj + ":" + key;
    }

    private static String stripNote(String line) {
        Matcher m = NOTE.matcher(line);
        return m.find() ? line.substring(0, m.start()) : line;
    }

    /** Line.pm BUILDARGS: the note trimmed, its {@code \\n}, {@code \\r} and {@code \\\\} escapes read. */
    private static String noteOf(String line) {
        Matcher m = NOTE.matcher(line);
        if (!m.find() || m.group(1) == null) {
            return "";
        }
        String note = m.group(1).strip();
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < note.length(); k++) {
            char c = note.charAt(k);
            if (c == '\\' && k + 1 < note.length() && "\\nr".indexOf(note.charAt(k + 1)) >= 0) {
                char e = note.charAt(++k);
                out.append(e == 'n' ? '\n' : e == 'r' ? '\r' : '\\');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<Change> build(String project, String uri, List<Builder> changes) {
        List<Change> out = new ArrayList<>();
        String parent = null;
        for (Builder b : changes) {
            String id = sha1("change", info(project, uri, b, parent));
            out.add(new Change(
                    b.name,
                    b.line,
                    List.copyOf(b.requires),
                    List.copyOf(b.conflicts),
                    b.timestamp,
                    b.plannerName,
                    b.plannerEmail,
                    b.note,
                    List.copyOf(b.tags),
                    List.copyOf(b.reworkTags),
                    id));
            parent = id;
        }
        return List.copyOf(out);
    }

    /** Plan/Change.pm {@code info}. */
    private static String info(String project, String uri, Builder b, String parent) {
        List<String> parts = new ArrayList<>();
        parts.add("project " + project);
        if (uri != null && !uri.isEmpty()) {
            parts.add("uri " + canonical(uri));
        }
        parts.add("change " + b.name);
        if (parent != null) {
            parts.add("parent " + parent);
        }
        parts.add("planner " + b.plannerName + " <" + b.plannerEmail + ">");
        parts.add("date " + b.timestamp);
        if (!b.requires.isEmpty()) {
            parts.add("requires\n  + " + String.join("\n  + ", b.requires));
        }
        if (!b.conflicts.isEmpty()) {
            parts.add("conflicts\n  - " + String.join("\n  - ", b.conflicts));
        }
        if (!b.note.isEmpty()) {
            parts.add("");
            parts.add(b.note);
        }
        return String.join("\n", parts);
    }

    /**
     * Perl's {@code URI->canonical} for the common case: scheme and host in lower case, an http(s) URI's empty path as
     * {@code /} and its default port left out. Other URIs are kept as written.
     */
    static String canonical(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() == null || u.getRawAuthority() == null || u.getHost() == null) {
                return uri;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            int port = u.getPort();
            boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            String path =
                    u.getRawPath() == null || u.getRawPath().isEmpty() && http ? (http ? "/" : "") : u.getRawPath();
            return scheme + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@")
                    + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port) + path
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
                    + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment());
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    /** Git-style object hash: SHA-1 of {@code "<type> <length>\0<content>"}, the length in UTF-8 bytes. */
    static String sha1(String type, String content) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update((type + " " + body.length + "\0").getBytes(StandardCharsets.UTF_8));
            md.update(body);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    /**
     * The script of {@code change} below a script folder (deploy/, revert/, verify/), as Change.pm names it: the
     * change's name as a path plus {@code .sql}; a reworked change's older version is {@code name@tag.sql} for the
     * first of its rework tags whose file exists in deploy/ (else the first one).
     *
     * @param deployExists whether a path relative to deploy/ exists
     */
    public static String scriptPath(Change change, java.util.function.Predicate<String> deployExists) {
        if (!change.reworked()) {
            return change.name() + ".sql";
        }
        String first = null;
        for (String tag : change.reworkTags()) {
            String candidate = change.name() + "@" + tag + ".sql";
            if (first == null) {
                first = candidate;
            }
            if (deployExists.test(candidate)) {
                return candidate;
            }
        }
        return first;
    }

    private static final class Builder {
        String name;
        int line;
        String timestamp;
        String plannerName;
        String plannerEmail;
        String note;
        final List<String> requires = new ArrayList<>();
        final List<String> conflicts = new ArrayList<>();
        final List<String> tags = new ArrayList<>();
        final List<String> reworkTags = new ArrayList<>();
    }
}
