/**
 * The bottom layer every module shares, with no I/O: the typed ids (repository, ref name, commit
 * id, account name, task reference, index key, pull request number), the ref event, the caller and
 * the error vocabulary; domain values by area in the subpackages.
 */
package dev.evalhub.domain;
