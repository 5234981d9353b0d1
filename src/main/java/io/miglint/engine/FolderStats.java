package io.miglint.engine;

/** Per migrations folder: how much was read and how well it was understood ({@code --stats}). */
public record FolderStats(String folder, String layout, int migrations, int files, int statements,
                          int parsedByJsqlparser, int recognized, int unparsed) {

    public double understoodRatio() {
        return statements == 0 ? 1.0 : (double) (parsedByJsqlparser + recognized) / statements;
    }
}
