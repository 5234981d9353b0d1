package io.miglint.engine;

/**
 * Per migrations folder: how much was read and how well it was understood ({@code --stats}).
 *
 * @param layoutAlsoFits the other tool the folder's file names fit when its layout was a guess, or null
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
        String layoutAlsoFits) {

    public FolderStats(
            String folder,
            String layout,
            int migrations,
            int files,
            int statements,
            int parsedByJsqlparser,
            int recognized,
            int unparsed) {
        this(folder, layout, migrations, files, statements, parsedByJsqlparser, recognized, unparsed, null);
    }

    public double understoodRatio() {
        return statements == 0 ? 1.0 : (double) (parsedByJsqlparser + recognized) / statements;
    }
}
