package dev.evalhub.storage;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultKey;
import dev.evalhub.domain.history.ResultStep;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.storage.internal.PushNotes;
import dev.evalhub.storage.internal.ResultsDiff;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The audit trail of a repository's results, computed from git alone: every commit of main
 * (first-parent line) and of every pull request head (the commits not on main) that added, changed
 * or removed a result, and the status changes of the pull requests that carried it. Each step names
 * the account the hub recorded for it (push notes, pull request records), falling back to the
 * commit's author only for commits older than the notes. Thread-safe.
 */
public final class ResultHistory {

  private final Repositories repositories;
  private final PullRequests pullRequests;
  private final EvalFormats formats;

  ResultHistory(Repositories repositories, PullRequests pullRequests, EvalFormats formats) {
    this.repositories = repositories;
    this.pullRequests = pullRequests;
    this.formats = formats;
  }

  /**
   * Every result of {@code repo} ever seen (only task {@code taskId}'s when given, ignoring case),
   * each with its steps. Trusts its caller: who may read {@code repo} is decided above; it must
   * exist.
   */
  public List<ResultHistoryEntry> of(RepoId repo, Optional<String> taskId) {
    List<PullRequest> prs = pullRequests.list(repo);
    Map<ResultKey, List<ResultStep>> steps = new LinkedHashMap<>();
    try (Repository repository = repositories.open(repo);
        ObjectReader reader = repository.newObjectReader();
        PushNotes.Reader notes = new PushNotes(repository).reader()) {
      Walker walker = new Walker(new ResultsDiff(formats, reader), notes, reader, steps);
      Ref main = repository.exactRef(RefNames.MAIN);
      if (main != null) {
        walker.main(main);
      }
      for (PullRequest pr : prs) {
        if (pr.isPullRequest() && pr.head().isPresent()) {
          walker.pullRequest(pr, main);
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot read the history of " + repo, e);
    }
    return steps.entrySet().stream()
        .filter(e -> taskId.map(t -> t.equalsIgnoreCase(e.getKey().taskId())).orElse(true))
        .sorted(
            Map.Entry.comparingByKey(
                Comparator.comparing(ResultKey::file)
                    .thenComparing(ResultKey::datasetId)
                    .thenComparing(ResultKey::taskId)
                    .thenComparing(ResultKey::notes)))
        .map(
            e ->
                new ResultHistoryEntry(
                    e.getKey(),
                    e.getValue().stream().sorted(Comparator.comparing(ResultStep::time)).toList()))
        .toList();
  }

  /** One walk over a repository's commits, collecting steps per result. */
  private static final class Walker {
    private final ResultsDiff diff;
    private final PushNotes.Reader notes;
    private final ObjectReader reader;
    private final Map<ResultKey, List<ResultStep>> steps;

    Walker(
        ResultsDiff diff,
        PushNotes.Reader notes,
        ObjectReader reader,
        Map<ResultKey, List<ResultStep>> steps) {
      this.diff = diff;
      this.notes = notes;
      this.reader = reader;
      this.steps = steps;
    }

    void main(Ref main) throws IOException {
      try (RevWalk walk = new RevWalk(reader)) {
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(main.getObjectId()));
        List<RevCommit> line = new ArrayList<>();
        walk.forEach(line::add);
        for (int i = line.size() - 1; i >= 0; i--) {
          RevCommit commit = line.get(i);
          Optional<PrNumber> pr =
              commit.getFooterLines(MergeRepair.TRAILER).stream()
                  .findFirst()
                  .flatMap(Walker::number);
          commitSteps(walk, commit, RefNames.MAIN, pr);
        }
      }
    }

    void pullRequest(PullRequest pr, Ref main) throws IOException {
      Set<ResultKey> touched = new LinkedHashSet<>();
      try (RevWalk walk = new RevWalk(reader)) {
        walk.sort(RevSort.TOPO);
        walk.sort(RevSort.REVERSE, true);
        walk.markStart(walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(pr.head().get())));
        if (main != null) {
          walk.markUninteresting(walk.parseCommit(main.getObjectId()));
        }
        List<RevCommit> commits = new ArrayList<>();
        walk.forEach(commits::add);
        for (RevCommit commit : commits) {
          touched.addAll(
              commitSteps(
                  walk,
                  commit,
                  RefNames.pullRequest(pr.number().value()),
                  Optional.of(pr.number())));
        }
      }
      for (PrEvent event : pr.events()) {
        Optional<ResultStep.Kind> kind =
            event
                .status()
                .map(
                    s ->
                        switch (s) {
                          case OPEN -> ResultStep.Kind.PR_REOPENED;
                          case CLOSED -> ResultStep.Kind.PR_CLOSED;
                          case MERGED -> ResultStep.Kind.PR_MERGED;
                        });
        for (ResultKey key : kind.isPresent() ? touched : Set.<ResultKey>of()) {
          add(
              key,
              new ResultStep(
                  kind.get(),
                  event.time(),
                  event.actor(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  RefNames.pullRequest(pr.number().value()),
                  Optional.of(pr.number())));
        }
      }
    }

    private Set<ResultKey> commitSteps(
        RevWalk walk, RevCommit commit, String ref, Optional<PrNumber> pr) throws IOException {
      RevCommit parent =
          commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
      List<ResultsDiff.Change> changes = diff.between(parent, commit);
      if (changes.isEmpty()) {
        return Set.of();
      }
      Optional<PushNotes.Note> note = notes.of(commit);
      String actor = note.map(PushNotes.Note::actor).orElse(commit.getAuthorIdent().getName());
      Instant time =
          note.map(PushNotes.Note::time).orElse(commit.getCommitterIdent().getWhenAsInstant());
      Set<ResultKey> keys = new LinkedHashSet<>();
      for (ResultsDiff.Change change : changes) {
        ResultStep.Kind kind =
            change.oldValue().isEmpty()
                ? ResultStep.Kind.ADDED
                : change.newValue().isEmpty() ? ResultStep.Kind.REMOVED : ResultStep.Kind.CHANGED;
        add(
            change.key(),
            new ResultStep(
                kind,
                time,
                actor,
                change.oldValue(),
                change.newValue(),
                Optional.of(commit.getName()),
                ref,
                pr));
        keys.add(change.key());
      }
      return keys;
    }

    private void add(ResultKey key, ResultStep step) {
      steps.computeIfAbsent(key, k -> new ArrayList<>()).add(step);
    }

    private static Optional<PrNumber> number(String text) {
      try {
        return Optional.of(new PrNumber(Integer.parseInt(text.strip())));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}
