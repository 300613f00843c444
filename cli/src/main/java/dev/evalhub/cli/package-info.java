/**
 * The {@code evalhub} command line (picocli): thin commands that parse arguments, call one service
 * and print.
 */
package dev.evalhub.cli;
