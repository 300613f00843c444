package dev.evalhub.storage;

import dev.evalhub.domain.CommitId;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoType;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.feed.HubEvent.Kind;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.model.Benchmark;
import dev.evalhub.formats.model.TaskSettings;
import dev.evalhub.storage.internal.PrRecordJson;
import dev.evalhub.storage.internal.ResultsDiff;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Derives the user-facing {@link HubEvent}s of one {@link RefEvent} from git alone, in one place
 * (what the feeds list and the webhooks deliver): on {@code main}, the repository's creation and
 * deletion, the content update, the results added, changed and removed (the {@code .eval_results}
 * files of the old and new commit compared with {@link ResultsDiff}, at most {@link
 * HubEvent#MAX_RESULTS} listed per event) and, for a benchmark, the tasks whose {@code
 * evalhub.tasks.<id>.invalid_versions} gained versions; on another branch or tag, the content
 * update; on a record ref {@code refs/meta/pr/N}, the record's change ({@link #recordEvents}).
 * Deriving the same ref event again gives the same events, as long as its commits exist: a deleted
 * repository's other refs derive nothing. Thread-safe.
 */
public final class HubEvents {

  private static final String EVAL_YAML = "eval.yaml";

  private final Repositories repositories;
  private final EvalFormats formats;

  HubEvents(Repositories repositories, EvalFormats formats) {
    this.repositories = repositories;
    this.formats = formats;
  }

  /** The events {@code event} derives, in a fixed order (each one's {@code index} its position). */
  public List<HubEvent> derive(RefEvent event) {
    String ref = event.ref().name();
    List<Draft> drafts = new ArrayList<>();
    boolean main = ref.equals(RefNames.MAIN);
    if (main && event.newId().isZero()) {
      if (!event.oldId().isZero()) {
        drafts.add(new Draft(Kind.REPO_DELETED));
      } else {
        drafts.add(new Draft(Kind.REPO_CREATED));
      }
      return finish(event, drafts);
    }
    if (repositories.find(event.repo()).isEmpty()) {
      return List.of();
    }
    try (Repository repository = repositories.open(event.repo())) {
      if (main) {
        if (event.oldId().isZero()) {
          drafts.add(new Draft(Kind.REPO_CREATED));
        }
        drafts.add(new Draft(Kind.CONTENT_UPDATED));
        drafts.addAll(results(repository, event));
        if (event.repo().type() == RepoType.DATASET) {
          drafts.addAll(tasks(repository, event));
        }
      } else if (RefNames.isPushable(ref)) {
        drafts.add(new Draft(Kind.CONTENT_UPDATED));
      } else if (RefNames.pullRequestRecordNumber(ref).isPresent() && !event.newId().isZero()) {
        Optional<PullRequest> after = record(repository, event.newId());
        if (after.isPresent()) {
          drafts.addAll(recordEvents(record(repository, event.oldId()), after.get()));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new StorageException(
          "cannot derive the events of ref event " + event.sequence() + ": " + e.getMessage(), e);
    }
    return finish(event, drafts);
  }

  /**
   * The events of one change of a discussion record, from the record before ({@code before}, empty
   * when it was created) and after: opened, then one event per record event appended (comments,
   * status changes; pushes and merge events are said by the status change that follows them). Every
   * record kind maps here, in this one function.
   */
  static List<Draft> recordEvents(Optional<PullRequest> before, PullRequest after) {
    List<Draft> drafts = new ArrayList<>();
    String kind = recordKind(after);
    if (before.isEmpty()) {
      drafts.add(discussion(opened(kind), after, "", -1));
    }
    int known = before.map(pr -> pr.events().size()).orElse(0);
    for (int i = known; i < after.events().size(); i++) {
      PrEvent change = after.events().get(i);
      switch (change.kind()) {
        case COMMENT -> drafts.add(discussion(Kind.COMMENT_ADDED, after, change.text(), i));
        case STATUS_CHANGE -> {
          PrStatus status = change.status().orElseThrow();
          drafts.add(discussion(statusChanged(kind, status), after, "", i));
        }
        case PUSH, MERGE -> {
          // A push is the pull request's content; a merge is said by its status change.
        }
      }
    }
    return drafts;
  }

  /**
   * The kind of a record: {@code pull_request}, {@code discussion} or {@code flag} (issue 14: a
   * flag is a discussion record of its own kind, {@link PullRequest#kind()}); {@link #opened} and
   * {@link #statusChanged} map a flag's to {@link Kind#FLAG_RAISED} and {@link Kind#FLAG_RESOLVED}.
   */
  static String recordKind(PullRequest record) {
    return switch (record.kind()) {
      case FLAG -> "flag";
      case PULL_REQUEST -> "pull_request";
      case DISCUSSION -> "discussion";
    };
  }

  /**
   * A record's status on the wire: a pull request's or discussion's ({@code open}, {@code closed},
   * {@code merged}), a flag's ({@code open}, {@code upheld}, {@code rejected}).
   */
  private static String status(PullRequest record) {
    return record
        .flag()
        .map(flag -> flag.status().id())
        .orElse(record.status().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static Kind opened(String recordKind) {
    return switch (recordKind) {
      case "pull_request" -> Kind.PR_OPENED;
      case "flag" -> Kind.FLAG_RAISED;
      default -> Kind.DISCUSSION_OPENED;
    };
  }

  private static Kind statusChanged(String recordKind, PrStatus status) {
    if (recordKind.equals("flag") && status != PrStatus.OPEN) {
      return Kind.FLAG_RESOLVED;
    }
    return switch (status) {
      case MERGED -> Kind.PR_MERGED;
      case CLOSED -> recordKind.equals("pull_request") ? Kind.PR_CLOSED : Kind.DISCUSSION_CLOSED;
      case OPEN -> Kind.DISCUSSION_REOPENED;
    };
  }

  private static Draft discussion(Kind kind, PullRequest record, String comment, int index) {
    Draft draft = new Draft(kind);
    draft.discussion =
        Optional.of(
            new HubEvent.Discussion(
                record.number().value(),
                record.title(),
                status(record),
                record.isPullRequest(),
                record.author(),
                recordKind(record),
                comment,
                index));
    return draft;
  }

  private Optional<PullRequest> record(Repository repository, CommitId id) throws IOException {
    if (id.isZero()) {
      return Optional.empty();
    }
    return file(repository, id, PrRecordJson.FILE).map(PrRecordJson::read);
  }

  private List<Draft> results(Repository repository, RefEvent event) throws IOException {
    List<HubEvent.Result> added = new ArrayList<>();
    List<HubEvent.Result> changed = new ArrayList<>();
    List<HubEvent.Result> removed = new ArrayList<>();
    try (ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit before =
          event.oldId().isZero()
              ? null
              : walk.parseCommit(ObjectId.fromString(event.oldId().hex()));
      RevCommit after = walk.parseCommit(ObjectId.fromString(event.newId().hex()));
      for (ResultsDiff.Change change : new ResultsDiff(formats, reader).between(before, after)) {
        HubEvent.Result result =
            new HubEvent.Result(
                change.key().file(),
                change.key().datasetId(),
                change.key().taskId(),
                change.key().notes(),
                change.oldValue(),
                change.newValue());
        (change.oldValue().isEmpty() ? added : change.newValue().isEmpty() ? removed : changed)
            .add(result);
      }
    }
    List<Draft> drafts = new ArrayList<>();
    for (Map.Entry<Kind, List<HubEvent.Result>> group :
        List.of(
            Map.entry(Kind.RESULT_ADDED, added),
            Map.entry(Kind.RESULT_CHANGED, changed),
            Map.entry(Kind.RESULT_REMOVED, removed))) {
      if (!group.getValue().isEmpty()) {
        Draft draft = new Draft(group.getKey());
        draft.results = group.getValue();
        drafts.add(draft);
      }
    }
    return drafts;
  }

  private List<Draft> tasks(Repository repository, RefEvent event) throws IOException {
    Optional<Benchmark> before =
        event.oldId().isZero() ? Optional.empty() : benchmark(repository, event.oldId());
    Optional<Benchmark> after = benchmark(repository, event.newId());
    List<Draft> drafts = new ArrayList<>();
    if (after.isEmpty()) {
      return drafts;
    }
    for (String task : new java.util.TreeSet<>(after.get().taskSettings().keySet())) {
      TaskSettings now = after.get().settings(task);
      Set<String> added = new LinkedHashSet<>(now.invalidVersions());
      before.ifPresent(b -> added.removeAll(b.settings(task).invalidVersions()));
      if (!added.isEmpty()) {
        Draft draft = new Draft(Kind.TASK_INVALIDATED);
        draft.task =
            Optional.of(
                new HubEvent.TaskChange(
                    task,
                    List.copyOf(added),
                    now.invalidVersions(),
                    now.statusReason() == null ? "" : now.statusReason()));
        drafts.add(draft);
      }
    }
    return drafts;
  }

  private Optional<Benchmark> benchmark(Repository repository, CommitId id) throws IOException {
    return file(repository, id, EVAL_YAML).flatMap(bytes -> formats.readBenchmark(bytes).value());
  }

  private static Optional<byte[]> file(Repository repository, CommitId id, String path)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree =
            TreeWalk.forPath(
                repository, path, walk.parseCommit(ObjectId.fromString(id.hex())).getTree())) {
      if (tree == null) {
        return Optional.empty();
      }
      // eval.yaml and records are small: the formats refuse more than 1 MiB.
      return Optional.of(
          repository.open(tree.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(4 << 20));
    }
  }

  private static List<HubEvent> finish(RefEvent event, List<Draft> drafts) {
    List<HubEvent> events = new ArrayList<>();
    for (Draft draft : drafts) {
      int count = draft.results.size();
      List<HubEvent.Result> listed =
          count > HubEvent.MAX_RESULTS
              ? draft.results.subList(0, HubEvent.MAX_RESULTS)
              : draft.results;
      events.add(
          new HubEvent(
              event.sequence(),
              events.size(),
              draft.kind,
              event.repo(),
              event.actor().name(),
              event.time(),
              event.ref().name(),
              event.oldId().hex(),
              event.newId().hex(),
              listed,
              count,
              draft.discussion,
              draft.task));
    }
    return List.copyOf(events);
  }

  /** An event before its place is known. */
  static final class Draft {
    final Kind kind;
    List<HubEvent.Result> results = List.of();
    Optional<HubEvent.Discussion> discussion = Optional.empty();
    Optional<HubEvent.TaskChange> task = Optional.empty();

    Draft(Kind kind) {
      this.kind = kind;
    }

    Kind kind() {
      return kind;
    }
  }
}
