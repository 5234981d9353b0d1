package io.miglint.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rules/&lt;id&gt;.md page read as tests: its sections and its {@code ```sql} blocks with their fence options
 * ({@code ```sql pg=11 layout=dbmate}, {@code ```sql setup}, {@code ```sql up}, {@code ```sql down},
 * {@code ```sql file=NAME}, {@code ```sql when=INSTANT} (Drizzle Kit's journal date of the example),
 * {@code ```sql no-transaction}, {@code ```sql nolint}).
 */
public record RuleDocPage(String ruleId, Path file, List<String> sections, List<Block> blocks) {
    /** Every rule page ({@code <id>.md}) of a rules folder, sorted. */
    public static List<Path> pages(Path rulesDir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(rulesDir)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** One SQL block; {@code section} is the {@code ## } heading it stands under. */
    public record Block(String section, int line, String sql, Map<String, String> options) {
        public boolean has(String option) {
            return options.containsKey(option);
        }

        public String option(String key, String def) {
            return options.getOrDefault(key, def);
        }

        public boolean isSetup() {
            return has("setup");
        }

        public boolean isUp() {
            return has("up");
        }
    }

    /** A runnable block with the page's setup before it and, for a down block, the up block just before it. */
    public record Example(Block block, String setup, String up) {}

    /**
     * The blocks to run, in page order: setup blocks accumulate into every later example, an up block belongs to
     * the block right after it, and {@code nolint} blocks are shown to readers only.
     */
    public List<Example> examples() {
        List<Example> out = new ArrayList<>();
        String setup = "";
        String up = "";
        for (Block b : blocks) {
            if (b.isSetup()) {
                setup += b.sql();
            } else if (b.isUp()) {
                up = b.sql();
            } else {
                if (!b.has("nolint")) {
                    out.add(new Example(b, setup, up));
                }
                up = "";
            }
        }
        return out;
    }

    public static RuleDocPage read(Path file) throws IOException {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".md".length());
        List<String> lines = Files.readAllLines(file);
        List<String> sections = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
                sections.add(section);
            } else if (line.startsWith("```sql")) {
                Map<String, String> options = new LinkedHashMap<>();
                for (String opt : line.substring(6).trim().split("\\s+")) {
                    if (opt.isEmpty()) {
                        continue;
                    }
                    int eq = opt.indexOf('=');
                    options.put(eq < 0 ? opt : opt.substring(0, eq), eq < 0 ? "" : opt.substring(eq + 1));
                }
                StringBuilder sql = new StringBuilder();
                int start = i + 1;
                i++;
                while (i < lines.size() && !lines.get(i).startsWith("```")) {
                    sql.append(lines.get(i)).append('\n');
                    i++;
                }
                blocks.add(new Block(section, start + 1, sql.toString(), options));
            }
        }
        return new RuleDocPage(id, file, sections, blocks);
    }
}
