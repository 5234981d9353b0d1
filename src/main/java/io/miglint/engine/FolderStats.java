package io.miglint.engine;

import java.util.List;

/**
 * Per migrations folder: how much was read and how well it was understood ({@code --stats}).
 *
 * @param layoutAlsoFits the other tool the folder's file names fit when its layout was a guess, or null
 * @param executions     how the folder's tool runs its scripts: one line per way, with how many ups and downs it
 *                       runs that way, in the order first met
 */
public record FolderStats(
        String folder,
        String layout,
        int migrations,
        int files,
        int statements,
        int parsedByJsqlparser,
        int recognized,
        int unparsed,
        String layoutAlsoFits,
        List<Executions> executions) {

    /**
     * Scripts the tool runs one way.
     *
     * @param reason         the way, in words ("goose runs the file's statements one by one in a transaction …")
     * @param wrapped        the tool opens a transaction around each script
     * @param singleQuery    the tool sends each script as one query string
     * @param up             up scripts run this way
     * @param down           down scripts run this way
     * @param ownTransaction of those, scripts whose own transaction statements change what the tool does: where it
     *                       opens no transaction, those with a BEGIN; where it does, those with a COMMIT that ends it
     */
    public record Executions(
            String reason, boolean wrapped, boolean singleQuery, int up, int down, int ownTransaction) {}

    public FolderStats {
        executions = executions == null ? List.of() : List.copyOf(executions);
    }

    public FolderStats(
            String folder,
            String layout,
            int migrations,
            int files,
            int statements,
            int parsedByJsqlparser,
            int recognized,
            int unparsed) {
        this(folder, layout, migrations, files, statements, parsedByJsqlparser, recognized, unparsed, null, List.of());
    }

    public double understoodRatio() {
        return statements == 0 ? 1.0 : (double) (parsedByJsqlparser + recognized) / statements;
    }
}
