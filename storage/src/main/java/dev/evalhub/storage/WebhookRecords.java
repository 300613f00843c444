package dev.evalhub.storage;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.storage.internal.RefWriter;
import dev.evalhub.storage.internal.RetryPolicy;
import dev.evalhub.storage.internal.TreeBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Webhook records, NoteDb-style, in {@code admin.git} (which the hub never serves): one ref per
 * webhook, {@link RefNames#webhookRecord refs/meta/webhooks/<id>}, whose commits each hold the
 * whole setting as the git-config file {@code webhook.config} (its secret included); every change
 * (created, updated, enabled, disabled, deleted) is one commit by the owner, moved by
 * compare-and-set ({@link RefWriter}) and applied again after a lost race. A deleted webhook keeps
 * its record, marked deleted. Thread-safe.
 */
public final class WebhookRecords implements AutoCloseable {

  /** The file each record commit holds. */
  public static final String FILE = "webhook.config";

  private static final String SECTION = "webhook";

  private final Repository repository;

  WebhookRecords(Path adminGitDir) {
    try {
      this.repository =
          new FileRepositoryBuilder().setGitDir(adminGitDir.toFile()).setBare().build();
      if (!repository.getObjectDatabase().exists()) {
        repository.create(true);
      }
    } catch (IOException | IllegalStateException e) {
      throw new StorageException("cannot open the administrative repository " + adminGitDir, e);
    }
  }

  /**
   * Records the new webhook as its first commit.
   *
   * @throws HubException CONFLICT when a webhook with its id exists already
   */
  public void create(Webhook webhook) {
    try {
      RefWriter.Outcome outcome =
          write(
              webhook,
              ObjectId.zeroId(),
              "Create webhook " + webhook.id() + " to " + webhook.url());
      if (outcome != RefWriter.Outcome.UPDATED) {
        throw HubException.conflict("a webhook with the id " + webhook.id() + " exists already");
      }
    } catch (IOException e) {
      throw new StorageException("cannot record webhook " + webhook.id(), e);
    }
  }

  /** The webhook {@code id} as its record holds it now (deleted ones too); empty when none. */
  public Optional<Webhook> get(String id) {
    if (!Webhook.isId(id)) {
      return Optional.empty();
    }
    try {
      return load(id).map(Loaded::webhook);
    } catch (IOException e) {
      throw new StorageException("cannot read webhook " + id, e);
    }
  }

  /** Every webhook recorded, deleted ones too, oldest first (ties by id). */
  public List<Webhook> list() {
    try {
      List<Webhook> all = new ArrayList<>();
      for (Ref ref : repository.getRefDatabase().getRefsByPrefix(RefNames.WEBHOOK_RECORDS)) {
        String id = ref.getName().substring(RefNames.WEBHOOK_RECORDS.length());
        if (Webhook.isId(id)) {
          load(id).ifPresent(loaded -> all.add(loaded.webhook()));
        }
      }
      all.sort(Comparator.comparing(Webhook::created).thenComparing(Webhook::id));
      return List.copyOf(all);
    } catch (IOException e) {
      throw new StorageException("cannot list the webhooks", e);
    }
  }

  /**
   * Applies {@code change} to the webhook {@code id} as recorded now and records the result as one
   * commit with {@code message}, again on what another writer left when it lost a race; {@code
   * change} may throw to refuse and may run more than once. Returns the webhook as recorded.
   *
   * @throws HubException NOT_FOUND when there is no such webhook
   */
  public Webhook update(String id, UnaryOperator<Webhook> change, String message) {
    try {
      return RetryPolicy.run(
          () -> {
            Loaded before =
                load(id).orElseThrow(() -> HubException.notFound("no webhook with the id " + id));
            Webhook after = change.apply(before.webhook());
            if (after.equals(before.webhook())) {
              return Optional.of(after);
            }
            return write(after, before.commit(), message).isDone()
                ? Optional.of(after)
                : Optional.empty();
          },
          attempts ->
              new StorageException(
                  "the record of webhook " + id + " stayed busy after " + attempts + " attempts",
                  null));
    } catch (IOException e) {
      throw new StorageException("cannot update webhook " + id, e);
    }
  }

  private record Loaded(Webhook webhook, ObjectId commit) {}

  private Optional<Loaded> load(String id) throws IOException {
    Ref ref = repository.exactRef(RefNames.webhookRecord(id));
    if (ref == null) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ref.getObjectId());
      try (TreeWalk tree = TreeWalk.forPath(repository, FILE, commit.getTree())) {
        if (tree == null) {
          throw new StorageException("webhook record " + ref.getName() + " has no " + FILE, null);
        }
        byte[] bytes = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
        return Optional.of(new Loaded(parse(ref.getName(), bytes), commit.getId()));
      }
    }
  }

  private RefWriter.Outcome write(Webhook webhook, ObjectId expected, String message)
      throws IOException {
    PersonIdent ident =
        new PersonIdent(
            webhook.owner(),
            webhook.owner() + "@users.evalhub.invalid",
            webhook.updated(),
            ZoneOffset.UTC);
    ObjectId commit =
        new TreeBuilder(repository)
            .commit(
                expected.equals(ObjectId.zeroId()) ? null : expected,
                Map.of(FILE, Optional.of(bytes(webhook))),
                ident,
                message);
    return new RefWriter(repository)
        .update(RefNames.webhookRecord(webhook.id()), expected, commit, ident, message);
  }

  static byte[] bytes(Webhook webhook) {
    Config config = new Config();
    config.setString(SECTION, null, "id", webhook.id());
    config.setString(SECTION, null, "owner", webhook.owner());
    config.setString(SECTION, null, "url", webhook.url());
    config.setStringList(
        SECTION,
        null,
        "watch",
        webhook.watched().stream().map(w -> w.type() + ":" + w.name()).toList());
    config.setStringList(SECTION, null, "domain", webhook.domains().stream().sorted().toList());
    webhook.secret().ifPresent(secret -> config.setString(SECTION, null, "secret", secret));
    config.setBoolean(SECTION, null, "disabled", webhook.disabled());
    config.setBoolean(SECTION, null, "deleted", webhook.deleted());
    config.setString(SECTION, null, "created", webhook.created().toString());
    config.setString(SECTION, null, "updated", webhook.updated().toString());
    return config.toText().getBytes(StandardCharsets.UTF_8);
  }

  static Webhook parse(String ref, byte[] bytes) {
    Config config = new Config();
    try {
      config.fromText(new String(bytes, StandardCharsets.UTF_8));
      List<Watch> watched = new ArrayList<>();
      for (String watch : config.getStringList(SECTION, null, "watch")) {
        int colon = watch.indexOf(':');
        watched.add(new Watch(watch.substring(0, colon), watch.substring(colon + 1)));
      }
      return new Webhook(
          config.getString(SECTION, null, "id"),
          config.getString(SECTION, null, "owner"),
          config.getString(SECTION, null, "url"),
          watched,
          Set.copyOf(Arrays.asList(config.getStringList(SECTION, null, "domain"))),
          Optional.ofNullable(config.getString(SECTION, null, "secret")),
          config.getBoolean(SECTION, null, "disabled", false),
          config.getBoolean(SECTION, null, "deleted", false),
          Instant.parse(config.getString(SECTION, null, "created")),
          Instant.parse(config.getString(SECTION, null, "updated")));
    } catch (ConfigInvalidException | RuntimeException e) {
      throw new StorageException(
          "corrupt webhook record " + ref + " in admin.git: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
