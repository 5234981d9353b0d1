package io.miglint.model;

import java.util.List;

/**
 * A column type. {@code name} is canonical ({@code integer}, {@code bigint}, {@code varchar}, {@code char},
 * {@code timestamp}, {@code timestamptz}, {@code numeric}, {@code serial}, …) so rules need not know aliases;
 * {@code modifiers} are the typmod arguments ({@code varchar(20)} → ["20"]); {@code text} is the source.
 */
public record TypeRef(String name, List<String> modifiers, boolean array, String text) {

    /** The name as the schema model keys types: {@code public.mood} and {@code mood} are the same type. */
    public String key() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : new QualifiedName(name.substring(0, dot), name.substring(dot + 1)).key();
    }
}
