/**
 * The hub's typed ids (repository, pull request number, ref event), the caller and the error
 * vocabulary every layer shares; no I/O.
 */
package dev.evalhub.domain;
