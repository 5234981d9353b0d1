package io.miglint.sql;

/** Lexical classes of PostgreSQL (https://www.postgresql.org/docs/current/sql-syntax-lexical.html) plus psql's. */
public enum TokenKind {
    /** Unquoted identifier or key word; compare with {@link Token#lower()}. */
    WORD,
    /** {@code "quoted"} or {@code U&"quoted"} identifier; {@link Token#value()} is the identifier, case kept. */
    QUOTED_IDENT,
    /** {@code '…'}, {@code E'…'}, {@code U&'…'}, {@code B'…'}, {@code X'…'}, {@code N'…'}; value is the content. */
    STRING,
    /** {@code $tag$…$tag$}; value is the body. */
    DOLLAR_STRING,
    NUMBER,
    /** Positional parameter {@code $1}. */
    PARAM,
    /** Operator characters, e.g. {@code =}, {@code ::}, {@code <>}, {@code ||}. */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; . :}. */
    PUNCT,
    LINE_COMMENT,
    BLOCK_COMMENT,
    /** A psql meta-command: a backslash command up to the end of its line. */
    PSQL_META,
    /** Inline data of {@code COPY … FROM stdin}, up to and including the {@code \.} line. */
    COPY_DATA,
    /** Text that could not be lexed (unterminated string, comment or dollar body; stray byte). */
    ERROR
}
