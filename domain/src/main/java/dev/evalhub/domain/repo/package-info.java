/**
 * Values about one repository: its description, files and folders at a revision, and server-side
 * commits (request, outcome, file problems).
 */
package dev.evalhub.domain.repo;
