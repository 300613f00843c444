/** The audit trail of results: each step of each result, with who made it and through which ref. */
package dev.evalhub.domain.history;
