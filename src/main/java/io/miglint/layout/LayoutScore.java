package io.miglint.layout;

/** How many entries of a folder (files, or diesel migration folders) a layout would take as its migrations. */
public record LayoutScore(LayoutKind layout, int entries) {}
