/**
 * The user-facing events of the hub derived from its ref-change events ({@link
 * dev.evalhub.domain.feed.HubEvent}): what the Atom feeds list and the webhooks deliver.
 */
package dev.evalhub.domain.feed;
