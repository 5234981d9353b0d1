package io.miglint.sql;

/**
 * Decides, token by token, where psql would end a statement. psql sends a statement at a {@code ;} only when it is at
 * parenthesis depth 0 and outside a {@code BEGIN … END} block of a {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}
 * (SQL-standard bodies, PostgreSQL 14+: https://www.postgresql.org/docs/current/sql-createfunction.html). The
 * heuristic below mirrors psql's own scanner (src/fe_utils/psqlscan.l): it only looks at unquoted words, counts
 * {@code CASE} inside such a block because CASE also closes with END, and ignores words inside parentheses.
 *
 * <p>The lexer and the splitter each run one of these over the same significant tokens, so they agree on which
 * {@code ;} ends a {@code COPY … FROM stdin} statement and which ends any statement.
 */
final class StatementBoundary {
    private int parenDepth;
    private int beginDepth;
    private int wordCount;
    /** First letters of the leading words when they are create/or/replace/function/procedure, as psql keeps them. */
    private final char[] leadingWords = new char[4];

    private boolean startsWithCopy;
    private boolean copyFromStdin;
    private boolean previousWasFrom;
    private boolean sawToken;
    private boolean endedCopyFromStdin;

    /**
     * Feeds one significant token (never a comment, PSQL_META or COPY_DATA).
     *
     * @return true when {@code token} is the {@code ;} that ends the current statement
     */
    boolean accept(Token token) {
        boolean first = !sawToken;
        sawToken = true;
        boolean isFrom = false;
        switch (token.kind()) {
            case PUNCT -> {
                if (token.isPunct('(')) {
                    parenDepth++;
                } else if (token.isPunct(')')) {
                    if (parenDepth > 0) {
                        parenDepth--;
                    }
                } else if (token.isPunct(';') && parenDepth == 0 && beginDepth == 0) {
                    endedCopyFromStdin = startsWithCopy && copyFromStdin;
                    reset();
                    return true;
                }
            }
            case WORD -> {
                String word = token.value();
                if (first && word.equalsIgnoreCase("copy")) {
                    startsWithCopy = true;
                }
                if (previousWasFrom && word.equalsIgnoreCase("stdin")) {
                    copyFromStdin = true;
                }
                isFrom = word.equalsIgnoreCase("from");
                trackBeginEnd(word);
            }
            default -> {
                // other tokens neither nest nor end a statement
            }
        }
        previousWasFrom = isFrom;
        return false;
    }

    private void trackBeginEnd(String word) {
        if (wordCount < leadingWords.length) {
            leadingWords[wordCount] = leadingWordLetter(word);
        }
        wordCount++;
        boolean routine = leadingWords[0] == 'c'
                && (leadingWords[1] == 'f'
                        || leadingWords[1] == 'p'
                        || (leadingWords[1] == 'o'
                                && leadingWords[2] == 'r'
                                && (leadingWords[3] == 'f' || leadingWords[3] == 'p')));
        if (!routine || parenDepth != 0) {
            return;
        }
        if (word.equalsIgnoreCase("begin")) {
            beginDepth++;
        } else if (word.equalsIgnoreCase("case")) {
            if (beginDepth >= 1) {
                beginDepth++;
            }
        } else if (word.equalsIgnoreCase("end") && beginDepth > 0) {
            beginDepth--;
        }
    }

    private static char leadingWordLetter(String word) {
        for (String candidate : new String[] {"create", "function", "procedure", "or", "replace"}) {
            if (word.equalsIgnoreCase(candidate)) {
                return candidate.charAt(0);
            }
        }
        return 0;
    }

    /** True when the last {@code ;} that {@link #accept} reported ended a {@code COPY … FROM stdin} statement. */
    boolean endedCopyFromStdin() {
        return endedCopyFromStdin;
    }

    /** Starts a new statement, as psql does after sending one or after a backslash command. */
    void reset() {
        parenDepth = 0;
        beginDepth = 0;
        wordCount = 0;
        java.util.Arrays.fill(leadingWords, (char) 0);
        startsWithCopy = false;
        copyFromStdin = false;
        previousWasFrom = false;
        sawToken = false;
    }
}
