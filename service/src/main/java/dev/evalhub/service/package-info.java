/**
 * The hub's use cases, one method each, and the single place that decides who may do what ({@link
 * dev.evalhub.service.Permissions}), in the manner of Gerrit's permission backend. Every front end
 * (the HTTP API, git over HTTP, the pages, the command line) calls these services and nothing below
 * them; each method takes the authenticated {@link dev.evalhub.domain.Caller} (empty: anonymous;
 * the command line acts as the administrator), checks its permission here, then calls storage (git)
 * and the index (SQL). Expected outcomes come back as values; refusals as {@link
 * dev.evalhub.domain.HubException}.
 */
package dev.evalhub.service;
