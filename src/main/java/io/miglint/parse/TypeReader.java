package io.miglint.parse;

import io.miglint.model.QualifiedName;
import io.miglint.model.TypeRef;
import io.miglint.sql.Token;
import io.miglint.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a type name as PostgreSQL's grammar writes it and gives it the canonical name its catalog uses, so rules need
 * not know that {@code int4}, {@code int} and {@code integer} are one type
 * (https://www.postgresql.org/docs/current/datatype.html#DATATYPE-TABLE).
 */
final class TypeReader {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"),
            Map.entry("int4", "integer"),
            Map.entry("integer", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("bigint", "bigint"),
            Map.entry("int2", "smallint"),
            Map.entry("smallint", "smallint"),
            Map.entry("serial4", "serial"),
            Map.entry("serial", "serial"),
            Map.entry("serial8", "bigserial"),
            Map.entry("bigserial", "bigserial"),
            Map.entry("serial2", "smallserial"),
            Map.entry("smallserial", "smallserial"),
            Map.entry("varchar", "varchar"),
            Map.entry("char", "char"),
            Map.entry("character", "char"),
            Map.entry("bpchar", "char"),
            Map.entry("bool", "boolean"),
            Map.entry("boolean", "boolean"),
            Map.entry("timestamptz", "timestamptz"),
            Map.entry("timetz", "timetz"),
            Map.entry("decimal", "numeric"),
            Map.entry("numeric", "numeric"),
            Map.entry("dec", "numeric"),
            Map.entry("real", "real"),
            Map.entry("float4", "real"),
            Map.entry("float8", "double precision"));

    /** Words that may follow an interval type to restrict its fields. */
    private static final Set<String> INTERVAL_FIELDS = Set.of("year", "month", "day", "hour", "minute", "second", "to");

    /** Key words that may name a column but never a type (PostgreSQL's col_name_keyword list less the types). */
    private static final Set<String> NOT_TYPES = Set.of(
            "between",
            "coalesce",
            "exists",
            "extract",
            "greatest",
            "grouping",
            "inout",
            "least",
            "none",
            "normalize",
            "nullif",
            "out",
            "overlay",
            "position",
            "precision",
            "row",
            "substring",
            "treat",
            "trim",
            "values",
            "xmlattributes",
            "xmlconcat",
            "xmlelement",
            "xmlexists",
            "xmlforest",
            "xmlnamespaces",
            "xmlparse",
            "xmlpi",
            "xmlroot",
            "xmlserialize",
            "xmltable");

    private TypeReader() {}

    static TypeRef read(TokenCursor c) {
        int start = c.position();
        Token first = c.peek();
        if (first == null || !(first.kind() == TokenKind.WORD || first.kind() == TokenKind.QUOTED_IDENT)) {
            throw new NotRecognized("expected a type" + c.near());
        }
        if (c.inModelledGrammar()
                && first.kind() == TokenKind.WORD
                && (TokenCursor.RESERVED.contains(first.lower()) || NOT_TYPES.contains(first.lower()))) {
            throw new NotRecognized("expected a type" + c.near());
        }
        String name;
        boolean builtin = first.kind() == TokenKind.WORD
                && !(c.peek(1) != null && c.peek(1).isPunct('.'));
        if (!builtin) {
            // type_function_name attrs: the first part may be a key word that names types (like.t, "public".t)
            List<String> parts = new ArrayList<>();
            parts.add(c.next().identifier());
            while (c.atPunct('.')
                    && c.peek(1) != null
                    && (c.peek(1).kind() == TokenKind.WORD || c.peek(1).kind() == TokenKind.QUOTED_IDENT)) {
                c.next();
                parts.add(c.next().identifier());
            }
            int n = parts.size();
            name = (n == 1 ? QualifiedName.of(parts.get(0)) : new QualifiedName(parts.get(n - 2), parts.get(n - 1)))
                    .toString();
        } else {
            String w = c.next().lower();
            name = switch (w) {
                case "double" -> c.accept("precision") ? "double precision" : "double";
                case "character", "char", "nchar" -> c.accept("varying") ? "varchar" : "char";
                case "national" -> {
                    if (!c.accept("character") && !c.accept("char")) {
                        throw new NotRecognized("expected CHARACTER" + c.near());
                    }
                    yield c.accept("varying") ? "varchar" : "char";
                }
                case "bit" -> c.accept("varying") ? "varbit" : "bit";
                case "setof" -> "setof " + read(c).name();
                default -> ALIASES.getOrDefault(w, w);
            };
        }
        List<String> modifiers = new ArrayList<>();
        if (c.atPunct('(')) {
            Expressions.checkList(c, c.position());
            c.next();
            while (!c.atPunct(')')) {
                int from = c.position();
                c.skipExpression(Set.of());
                modifiers.add(c.text(from, c.position()));
                if (!c.acceptPunct(',')) {
                    break;
                }
            }
            c.expectPunct(')');
        }
        if (name.equals("timestamp") || name.equals("time")) {
            if (c.accept("with", "time", "zone")) {
                name = name + "tz";
            } else {
                c.accept("without", "time", "zone");
            }
        } else if (name.equals("interval")) {
            while (c.atAny(INTERVAL_FIELDS)) {
                c.next();
            }
            if (c.atPunct('(')) {
                c.skipGroup();
            }
        } else if (name.equals("float")) {
            // float(p) means real for p <= 24 and double precision above; without p it is double precision
            // (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT).
            name = !modifiers.isEmpty() && isSmallPrecision(modifiers.get(0)) ? "real" : "double precision";
            modifiers = new ArrayList<>();
        }
        boolean array = false;
        while (true) {
            if (c.atPunct('[')) {
                arrayBound(c);
                array = true;
            } else if (c.at("array")) {
                c.next();
                if (c.atPunct('[')) {
                    arrayBound(c);
                }
                array = true;
            } else {
                break;
            }
        }
        return new TypeRef(name, List.copyOf(modifiers), array, c.text(start, c.position()));
    }

    /** {@code []} or {@code [n]}: nothing else stands between the brackets of an array type. */
    private static void arrayBound(TokenCursor c) {
        c.next();
        if (!c.acceptPunct(']')) {
            if (c.inModelledGrammar()) {
                c.expectNumber();
                c.expectPunct(']');
            } else {
                c.reset(c.position() - 1);
                c.skipGroup();
            }
        }
    }

    private static boolean isSmallPrecision(String p) {
        try {
            return Integer.parseInt(p.trim()) <= 24;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
