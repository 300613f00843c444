/**
 * Implementation of the storage API: the administrative repository, push hooks and tree building;
 * not for callers.
 */
package dev.evalhub.storage.internal;
