package dev.evalhub.server.pages;

import dev.evalhub.domain.Caller;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.history.ResultHistoryEntry;
import dev.evalhub.domain.history.ResultStep;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.MergeResult;
import dev.evalhub.domain.pr.PrEvent;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.pr.PullRequest;
import dev.evalhub.server.pages.view.Chrome;
import dev.evalhub.server.pages.view.PullRequestView;
import dev.evalhub.service.FlagService;
import dev.evalhub.service.HistoryService;
import dev.evalhub.service.JobService;
import dev.evalhub.service.PullRequestActions;
import dev.evalhub.service.PullRequestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the pull request page and carries out its forms (comment, merge, close, reopen) through
 * {@link PullRequestService}, which checks who may do what, and a flag's (uphold, reject) through
 * {@link FlagService}; the result changes come from the repository's {@link HistoryService},
 * filtered to this pull request. Thread-safe.
 */
final class PullRequestPages {

  /** What the page calls each action, as posted by its forms. */
  enum Action {
    COMMENT,
    MERGE,
    CLOSE,
    REOPEN,
    /** Resolve a flag as upheld (issue 14). */
    UPHOLD,
    /** Resolve a flag as rejected. */
    REJECT
  }

  private final PullRequestService pullRequests;
  private final HistoryService history;

  private final JobService jobs;
  private final FlagService flags;

  PullRequestPages(
      PullRequestService pullRequests, HistoryService history, JobService jobs, FlagService flags) {
    this.pullRequests = pullRequests;
    this.history = history;
    this.jobs = jobs;
    this.flags = flags;
  }

  PullRequestView page(Chrome chrome, RepoId repo, PrNumber number, Optional<Caller> caller) {
    PullRequest pr = pullRequests.get(repo, number, caller);
    List<PullRequestView.Event> events = new ArrayList<>();
    if (!pr.description().isBlank()) {
      events.add(
          new PullRequestView.Event(
              "comment", pr.author(), Times.format(pr.created()), pr.description(), true));
    }
    for (PrEvent event : pr.events()) {
      events.add(event(event));
    }
    String path = "/" + repo.urlPath() + "/discussions/" + number.value();
    return new PullRequestView(
        chrome,
        repo.fullName(),
        "/" + repo.urlPath(),
        path,
        number.value(),
        pr.title(),
        pr.author(),
        pr.status().id(),
        pr.isPullRequest(),
        Times.format(pr.created()),
        events,
        pr.isPullRequest() ? changes(repo, number, caller) : List.of(),
        actions(repo, pr, caller),
        pr.isPullRequest()
            ? jobs.forPullRequest(caller, repo, number.value())
                .map(job -> "/jobs/" + job.id())
                .orElse("")
            : "",
        pr.flag().map(flag -> flagSection(repo, pr, flag, caller)));
  }

  private PullRequestView.FlagSection flagSection(
      RepoId repo, PullRequest pr, Flag flag, Optional<Caller> caller) {
    return new PullRequestView.FlagSection(
        flag.category().id(),
        flag.status().id(),
        flag.target().file(),
        flag.target().datasetId(),
        flag.target().taskId(),
        flag.target().notes(),
        flag.target().entrySha256(),
        flag.links(),
        flag.resolution().map(Flag.Resolution::account).orElse(""),
        flag.resolution().isEmpty() && flags.canResolve(repo, caller));
  }

  /**
   * Carries out {@code action}; refusals come back as {@link HubException}s, shown on an error
   * page.
   */
  void act(RepoId repo, PrNumber number, Caller caller, Action action, String comment) {
    Optional<String> text =
        comment == null || comment.isBlank() ? Optional.empty() : Optional.of(comment);
    switch (action) {
      case COMMENT ->
          pullRequests.comment(
              repo,
              number,
              caller,
              text.orElseThrow(() -> HubException.invalid("the comment is empty")));
      case CLOSE -> pullRequests.changeStatus(repo, number, caller, PrStatus.CLOSED, text);
      case REOPEN -> pullRequests.changeStatus(repo, number, caller, PrStatus.OPEN, text);
      case UPHOLD -> flags.resolve(repo, number, caller, FlagStatus.UPHELD, text.orElse(""));
      case REJECT -> flags.resolve(repo, number, caller, FlagStatus.REJECTED, text.orElse(""));
      case MERGE -> {
        MergeResult result = pullRequests.merge(repo, number, caller, text);
        if (result.status() != MergeResult.Status.MERGED) {
          throw HubException.conflict(
              "the pull request cannot be merged: "
                  + result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + " "
                  + String.join(", ", result.conflictingFiles()));
        }
      }
    }
  }

  private PullRequestView.Actions actions(RepoId repo, PullRequest pr, Optional<Caller> caller) {
    PullRequestActions allowed = pullRequests.actions(repo, pr, caller);
    return new PullRequestView.Actions(
        allowed.merge(), allowed.close(), allowed.reopen(), allowed.comment());
  }

  private List<PullRequestView.ResultChange> changes(
      RepoId repo, PrNumber number, Optional<Caller> caller) {
    List<PullRequestView.ResultChange> changes = new ArrayList<>();
    for (ResultHistoryEntry entry : history.of(repo, caller, Optional.empty())) {
      for (ResultStep step : entry.steps()) {
        boolean valueStep =
            step.kind() == ResultStep.Kind.ADDED
                || step.kind() == ResultStep.Kind.CHANGED
                || step.kind() == ResultStep.Kind.REMOVED;
        if (valueStep && step.pullRequest().equals(Optional.of(number))) {
          changes.add(
              new PullRequestView.ResultChange(
                  entry.key().file(),
                  entry.key().datasetId(),
                  entry.key().taskId(),
                  step.kind().id(),
                  step.oldValue().map(Numbers::format).orElse(""),
                  step.newValue().map(Numbers::format).orElse("")));
        }
      }
    }
    return changes;
  }

  private static PullRequestView.Event event(PrEvent event) {
    String text =
        switch (event.kind()) {
          case COMMENT -> event.text();
          case PUSH ->
              "pushed "
                  + shortId(event.newId())
                  + (event.text().isEmpty() ? "" : ": " + event.text());
          case STATUS_CHANGE ->
              "changed the status to " + event.status().map(PrStatus::id).orElse("");
          case MERGE -> "merged as " + shortId(event.newId());
        };
    return new PullRequestView.Event(
        event.kind().id(),
        event.actor(),
        Times.format(event.time()),
        text,
        event.kind() == PrEvent.Kind.COMMENT);
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }
}
