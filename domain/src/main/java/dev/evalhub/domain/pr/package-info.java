/**
 * Pull requests and discussions as the hub records them: the record, its events and status, merge
 * outcomes and changes.
 */
package dev.evalhub.domain.pr;
