/**
 * The state of the SQL index: failures of single refs and the progress and summary of a rebuild.
 */
package dev.evalhub.domain.index;
