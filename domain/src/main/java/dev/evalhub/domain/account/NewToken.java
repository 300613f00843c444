package dev.evalhub.domain.account;

/**
 * A token just created: its secret ({@code hf_...}), shown once, and what the hub keeps of it.
 * Immutable.
 */
public record NewToken(String secret, TokenInfo info) {}
