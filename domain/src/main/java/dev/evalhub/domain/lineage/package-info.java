/**
 * A model's {@code base_model} lineage as the index knows it: the trees of its ancestors and
 * descendants, and the flat list of its descendants.
 */
package dev.evalhub.domain.lineage;
