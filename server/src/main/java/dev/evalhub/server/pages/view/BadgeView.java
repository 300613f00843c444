package dev.evalhub.server.pages.view;

/**
 * A badge as shown: its kind (a CSS class), its label and the tooltip that says what it means.
 * Immutable.
 */
public record BadgeView(String type, String label, String tooltip) {}
