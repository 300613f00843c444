package dev.evalhub.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.Config;

/**
 * How one kind of {@link ConfigRecordStore configuration record} is named, spelled and dated: its
 * noun for messages (also the section of its file), the git-config file each record commit holds,
 * its ref prefix and ids, and the conversion of a record to and from that file. Immutable.
 *
 * @param <K> the record's id
 * @param <T> the record, an immutable value
 */
abstract class ConfigRecordCodec<K, T> {

  /** The record's noun in messages and the section of its file: {@code mirror}, {@code job}. */
  final String noun;

  /** The file each record commit holds, such as {@code mirror.config}. */
  final String file;

  /** The ref prefix of the records, such as {@link RefNames#MIRROR_RECORDS}. */
  final String refPrefix;

  private final Function<String, Optional<K>> id;
  private final Function<K, String> text;
  private final Function<T, K> idOf;
  private final Function<T, Instant> created;

  /**
   * A codec of records named {@code noun}, in the file {@code file} on refs below {@code
   * refPrefix}, whose ids {@code id} reads from the end of a ref (empty when invalid) and {@code
   * text} spells there; {@code idOf} and {@code created} give a record's id and creation time.
   */
  ConfigRecordCodec(
      String noun,
      String file,
      String refPrefix,
      Function<String, Optional<K>> id,
      Function<K, String> text,
      Function<T, K> idOf,
      Function<T, Instant> created) {
    this.noun = noun;
    this.file = file;
    this.refPrefix = refPrefix;
    this.id = id;
    this.text = text;
    this.idOf = idOf;
    this.created = created;
  }

  /** The ref of the record {@code id}: {@link #refPrefix} followed by its {@link #text}. */
  final String ref(K id) {
    return refPrefix + text(id);
  }

  /** The id spelled {@code text} (the end of a ref), or empty when it is not a valid id. */
  final Optional<K> id(String text) {
    return id.apply(text);
  }

  /** How {@code id} is spelled at the end of its ref: the inverse of {@link #id(String)}. */
  final String text(K id) {
    return text.apply(id);
  }

  /** The id of {@code record}. */
  final K idOf(T record) {
    return idOf.apply(record);
  }

  /** When {@code record} was created: the first order of {@link ConfigRecordStore#list()}. */
  final Instant created(T record) {
    return created.apply(record);
  }

  /**
   * The crash point ({@code CrashPoint}) that {@link ConfigRecordStore#update} reaches before it
   * reads the record, for the crash tests of this kind of record; empty (the default): none.
   */
  Optional<String> updateCrashPoint() {
    return Optional.empty();
  }

  /** The account that made this version of {@code record}: the author of its commit. */
  abstract String author(T record);

  /** When this version of {@code record} was made: the time of its commit. */
  abstract Instant time(T record);

  /** The message of the commit that creates {@code record}. */
  abstract String createMessage(T record);

  /** Writes {@code record} into {@code config}, empty before, in the section {@link #noun}. */
  abstract void write(T record, Config config);

  /**
   * The record {@code config} holds in the section {@link #noun}.
   *
   * @throws RuntimeException when a field is missing or malformed (the store names the ref)
   */
  abstract T read(Config config);
}
