package io.miglint.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project a migrations folder belongs to, from the nearest project file at or above it: {@code Cargo.toml} (a
 * Rust project), {@code go.mod} (a Go project), and next to a Cargo.toml a {@code diesel.toml}. golang-migrate and
 * sqlx read the same {@code {version}_{name}.up.sql} names but run them differently; sqlx is a Rust library and
 * golang-migrate a Go one (its CLI aside), so the project's language is what tells them apart when no file does.
 * The search stops at the repository root (a directory holding {@code .git}), the file-system root, or after
 * {@link #MAX_LEVELS} levels above the folder.
 *
 * @param dir             the directory holding the nearest marker; null when none was found
 * @param cargo           a Cargo.toml is in {@code dir}
 * @param cargoNamesSqlx  that Cargo.toml mentions sqlx
 * @param diesel          a diesel.toml is next to it
 * @param goMod           a go.mod is in {@code dir}
 * @param goModNamesOry   that go.mod requires github.com/ory/x or github.com/ory/popx, which hold popx
 */
record ProjectMarkers(
        Path dir, boolean cargo, boolean cargoNamesSqlx, boolean diesel, boolean goMod, boolean goModNamesOry) {
    static final int MAX_LEVELS = 8;
    private static final ProjectMarkers NONE = new ProjectMarkers(null, false, false, false, false, false);

    static ProjectMarkers above(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        for (int level = 0; dir != null && level <= MAX_LEVELS; level++, dir = dir.getParent()) {
            boolean cargo = Files.isRegularFile(dir.resolve("Cargo.toml"));
            boolean goMod = Files.isRegularFile(dir.resolve("go.mod"));
            if (cargo || goMod) {
                return new ProjectMarkers(
                        dir,
                        cargo,
                        cargo && namesSqlx(dir.resolve("Cargo.toml")),
                        Files.isRegularFile(dir.resolve("diesel.toml")),
                        goMod,
                        goMod && namesOry(dir.resolve("go.mod")));
            }
            if (Files.exists(dir.resolve(".git"))) {
                break;
            }
        }
        return NONE;
    }

    private static boolean namesSqlx(Path cargo) {
        return mentions(cargo, "sqlx");
    }

    private static boolean namesOry(Path goMod) {
        return mentions(goMod, "github.com/ory/x ") || mentions(goMod, "github.com/ory/popx");
    }

    private static boolean mentions(Path file, String text) {
        try {
            return Files.size(file) < 1_000_000
                    && Files.readString(file, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | RuntimeException e) {
            // An unreadable Cargo.toml says nothing about sqlx.
            return false;
        }
    }

    /**
     * The tool that reads {@code {version}_{name}.up.sql} files in this project: sqlx in a Rust project (unless it
     * is a diesel project, whose tool reads only {@code {version}_{name}/up.sql} folders, and its Cargo.toml does
     * not name sqlx), golang-migrate in a Go one; empty when nothing was found or both are there.
     */
    Optional<LayoutKind> reversibleNamesTool() {
        if (cargo && !goMod && (!diesel || cargoNamesSqlx)) {
            return Optional.of(LayoutKind.SQLX);
        }
        if (goMod && !cargo) {
            return Optional.of(LayoutKind.GOLANG_MIGRATE);
        }
        return Optional.empty();
    }

    /** For plain {@code {i64}_{name}.sql} files, which many tools use: only a Cargo.toml that names sqlx says sqlx. */
    boolean simpleNamesSqlx() {
        return cargoNamesSqlx;
    }

    /** The go.mod that requires popx's module, worded for {@link MigrationSet#detectedBy()}. */
    String oryEvidence() {
        return DisplayPath.of(dir.resolve("go.mod")) + " requires ory/x or ory/popx, which hold popx";
    }

    /** What was found, worded for {@link MigrationSet#detectedBy()}. */
    String evidence() {
        if (dir == null) {
            return "no Cargo.toml or go.mod in the folder or above it, up to the repository root";
        }
        String at = DisplayPath.of(dir);
        if (cargo && goMod) {
            return at + " holds both Cargo.toml and go.mod";
        }
        if (goMod) {
            return DisplayPath.of(dir.resolve("go.mod")) + " (a Go project: golang-migrate, not sqlx, which is Rust)";
        }
        if (diesel && !cargoNamesSqlx) {
            return DisplayPath.of(dir.resolve("diesel.toml")) + " (a diesel project; diesel reads only "
                    + "{version}_{name}/up.sql folders)";
        }
        return DisplayPath.of(dir.resolve("Cargo.toml"))
                + (cargoNamesSqlx ? " uses sqlx" : " (a Rust project: sqlx, not golang-migrate, which is Go)");
    }
}
