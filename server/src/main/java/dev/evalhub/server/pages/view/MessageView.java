package dev.evalhub.server.pages.view;

/**
 * A page that only says something: an error with its status, or the sign-in form with its last
 * problem.
 */
public record MessageView(Chrome chrome, int status, String message) {}
