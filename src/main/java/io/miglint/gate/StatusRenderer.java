package io.miglint.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.miglint.report.Escape;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code miglint status} as text, JSON or markdown. */
public final class StatusRenderer {
    private StatusRenderer() {}

    public static void render(MigrationStatus status, String target, String format, PrintWriter out) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> text(status, target, out);
            case "json" -> json(status, target, out);
            case "markdown", "md" -> markdown(status, target, out);
            default -> throw new IllegalArgumentException("--format '" + format + "' is not text, json or markdown");
        }
        out.flush();
    }

    private static String summary(MigrationStatus s) {
        StringBuilder b = new StringBuilder();
        for (MigrationState state : MigrationState.values()) {
            long n = s.count(state);
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(state.label());
            }
        }
        return b.length() == 0 ? "no migrations" : b.toString();
    }

    private static void text(MigrationStatus s, String target, PrintWriter out) {
        out.println(
                Escape.inline(s.set().displayFolder()) + " (" + s.set().layout().id() + ") on "
                        + Escape.inline(target) + ", table "
                        + Escape.inline(s.ledger().table().toString())
                        + (s.tableExists() ? "" : " (not created yet)"));
        int width =
                s.entries().stream().mapToInt(e -> e.version().length()).max().orElse(7);
        for (StatusEntry e : s.entries()) {
            out.printf(
                    "  %-16s %-" + width + "s  %s%s%n",
                    e.state().label(),
                    Escape.inline(e.version()),
                    Escape.inline(e.name()),
                    e.detail().isEmpty() ? "" : "  — " + Escape.inline(e.detail()));
        }
        out.println(summary(s) + (s.clean() ? "" : "; needs attention"));
    }

    private static void markdown(MigrationStatus s, String target, PrintWriter out) {
        out.println("### Migration status: " + Escape.markdownCode(s.set().displayFolder(), false) + " ("
                + s.set().layout().id() + ")");
        out.println();
        out.println("Target " + Escape.markdownCode(target, false) + ", table "
                + Escape.markdownCode(s.ledger().table().toString(), false) + ". " + summary(s) + ".");
        out.println();
        out.println("| state | version | name | detail |");
        out.println("|---|---|---|---|");
        for (StatusEntry e : s.entries()) {
            out.println("| "
                    + (e.state().problem()
                            ? "**" + e.state().label() + "**"
                            : e.state().label()) + " | "
                    + Escape.markdownCode(e.version(), true) + " | " + cell(e.name()) + " | " + cell(e.detail())
                    + " |");
        }
    }

    private static String cell(String s) {
        return Escape.markdown(s);
    }

    private static void json(MigrationStatus s, String target, PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.getFactory().setCharacterEscapes(Escape.jsonEscapes());
        ObjectNode root = mapper.createObjectNode();
        root.put("folder", s.set().displayFolder());
        root.put("layout", s.set().layout().id());
        root.put("target", target);
        root.put("table", s.ledger().table().toString());
        root.put("tableExists", s.tableExists());
        root.put("clean", s.clean());
        ObjectNode counts = root.putObject("counts");
        for (MigrationState state : MigrationState.values()) {
            counts.put(state.label(), s.count(state));
        }
        ArrayNode list = root.putArray("migrations");
        for (StatusEntry e : s.entries()) {
            ObjectNode n = list.addObject();
            n.put("version", e.version());
            n.put("name", e.name());
            n.put("state", e.state().label());
            n.put("file", e.local() == null ? null : e.file());
            n.put("detail", e.detail());
        }
        try {
            out.println(Escape.json(mapper.writeValueAsString(root)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
