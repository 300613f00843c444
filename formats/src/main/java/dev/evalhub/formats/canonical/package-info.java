/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte-exact serialization and hash per JSON
 * value.
 */
package dev.evalhub.formats.canonical;
