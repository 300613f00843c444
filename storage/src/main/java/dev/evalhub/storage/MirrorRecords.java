package dev.evalhub.storage;

import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.mirror.Mirror;
import dev.evalhub.domain.mirror.MirrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;

/**
 * Mirror records in {@code admin.git} (which the hub never serves), a {@link ConfigRecordStore}:
 * one ref per mirror, {@link RefNames#mirrorRecord refs/meta/mirrors/<id>}, whose commits each hold
 * the whole setting as the git-config file {@code mirror.config} (source, kind, repositories,
 * interval, who and when); every change (added, removed) is one commit by the mirror's actor at the
 * time it was made. A removed mirror keeps its record, marked removed. Thread-safe.
 */
public final class MirrorRecords extends ConfigRecordStore<String, Mirror> {

  /** The file each record commit holds. */
  public static final String FILE = "mirror.config";

  MirrorRecords(Path adminGitDir) {
    super(adminGitDir, new Codec());
  }

  private static final class Codec extends ConfigRecordCodec<String, Mirror> {

    private static final String SECTION = "mirror";

    Codec() {
      super(
          SECTION,
          FILE,
          RefNames.MIRROR_RECORDS,
          text -> Optional.of(text).filter(Mirror::isId),
          id -> id,
          Mirror::id,
          Mirror::created);
    }

    @Override
    String author(Mirror mirror) {
      return mirror.actor();
    }

    @Override
    Instant time(Mirror mirror) {
      return Instant.now();
    }

    @Override
    String createMessage(Mirror mirror) {
      return "Add mirror " + mirror.id() + " of " + mirror.source();
    }

    @Override
    void write(Mirror mirror, Config config) {
      config.setString(SECTION, null, "id", mirror.id());
      config.setString(SECTION, null, "source", mirror.source());
      config.setString(SECTION, null, "kind", mirror.kind().id());
      config.setStringList(
          SECTION,
          null,
          "repository",
          mirror.repositories().stream().map(RepoId::urlPath).toList());
      config.setLong(SECTION, null, "interval-seconds", mirror.interval().toSeconds());
      config.setString(SECTION, null, "actor", mirror.actor());
      config.setString(SECTION, null, "created", mirror.created().toString());
      config.setBoolean(SECTION, null, "removed", mirror.removed());
    }

    @Override
    Mirror read(Config config) {
      List<RepoId> repositories = new ArrayList<>();
      for (String path : config.getStringList(SECTION, null, "repository")) {
        repositories.add(
            RepoId.parsePath(path)
                .orElseThrow(() -> new IllegalArgumentException("bad repository " + path)));
      }
      return new Mirror(
          config.getString(SECTION, null, "id"),
          config.getString(SECTION, null, "source"),
          MirrorKind.parse(config.getString(SECTION, null, "kind"))
              .orElseThrow(() -> new IllegalArgumentException("bad kind")),
          repositories,
          Duration.ofSeconds(config.getLong(SECTION, null, "interval-seconds", 3600)),
          config.getString(SECTION, null, "actor"),
          Instant.parse(config.getString(SECTION, null, "created")),
          config.getBoolean(SECTION, null, "removed", false));
    }
  }
}
