package dev.evalhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.domain.PrNumber;
import dev.evalhub.domain.RefEvent;
import dev.evalhub.domain.RepoId;
import dev.evalhub.domain.feed.HubEvent;
import dev.evalhub.domain.pr.Flag;
import dev.evalhub.domain.pr.FlagCategory;
import dev.evalhub.domain.pr.FlagStatus;
import dev.evalhub.domain.pr.FlagTarget;
import dev.evalhub.domain.pr.NewDiscussion;
import dev.evalhub.domain.pr.PrStatus;
import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import dev.evalhub.storage.testing.TestStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events derived from ref events: deterministic, bounded, one mapping of record changes. */
class HubEventsTest {

  private static final RepoId MODEL = RepoId.parsePath("alice/gpt").orElseThrow();

  @TempDir Path temp;

  @Test
  void aHugePushListsAtMostAHundredResultsAndSaysHowManyThereAre() {
    try (TestStorage test = TestStorage.open(temp).users("alice").repo("alice/gpt")) {
      StringBuilder file = new StringBuilder();
      for (int i = 0; i < 150; i++) {
        file.append("- dataset:\n    id: alice/bench\n    task_id: t")
            .append(i)
            .append("\n  value: ")
            .append(i)
            .append('\n');
      }
      TestStorage.commitFile(
          test.storage(), MODEL, ".eval_results/many.yaml", file.toString(), "many", "alice");

      RefEvent last = lastEvent(test.storage());
      List<HubEvent> events = test.storage().hubEvents().derive(last);

      HubEvent added =
          events.stream()
              .filter(e -> e.kind() == HubEvent.Kind.RESULT_ADDED)
              .findFirst()
              .orElseThrow();
      assertThat(added.results()).hasSize(HubEvent.MAX_RESULTS);
      assertThat(added.resultCount()).isEqualTo(150);
      assertThat(added.truncated()).isTrue();
      assertThat(test.storage().hubEvents().derive(last)).as("derived again").isEqualTo(events);
      assertThat(events).extracting(HubEvent::index).containsExactly(0, 1);
    }
  }

  @Test
  void recordChangesMapToOpenedCommentedAndStatusEvents() {
    try (TestStorage test = TestStorage.open(temp).users("alice", "bob").repo("alice/gpt")) {
      PullRequests prs = test.storage().pullRequests();
      prs.open(MODEL, "bob", new NewDiscussion("Question", "d", false));
      List<HubEvent> opened = test.storage().hubEvents().derive(lastEvent(test.storage()));
      prs.comment(MODEL, new PrNumber(1), "alice", "answer");
      List<HubEvent> commented = test.storage().hubEvents().derive(lastEvent(test.storage()));
      prs.changeStatus(MODEL, new PrNumber(1), "alice", PrStatus.CLOSED, Optional.empty());
      List<HubEvent> closed = test.storage().hubEvents().derive(lastEvent(test.storage()));

      assertThat(opened)
          .extracting(HubEvent::kind)
          .containsExactly(HubEvent.Kind.DISCUSSION_OPENED);
      assertThat(commented).extracting(HubEvent::kind).containsExactly(HubEvent.Kind.COMMENT_ADDED);
      assertThat(commented.get(0).discussion().orElseThrow().comment()).isEqualTo("answer");
      assertThat(closed)
          .extracting(HubEvent::kind)
          .containsExactly(HubEvent.Kind.DISCUSSION_CLOSED);
      assertThat(closed.get(0).discussion().orElseThrow().status()).isEqualTo("closed");
    }
  }

  @Test
  void aFlagIsRaisedAndResolvedWithItsOutcome() {
    try (TestStorage test = TestStorage.open(temp).users("alice", "bob").repo("alice/gpt")) {
      PullRequests prs = test.storage().pullRequests();
      prs.open(MODEL, "bob", new NewDiscussion("Question", "d", false));
      prs.openFlag(
          MODEL,
          "bob",
          new NewDiscussion("Contamination of t1", "the test set is in the training data", false),
          new Flag(
              FlagCategory.CONTAMINATION,
              new FlagTarget(".eval_results/a.yaml", "alice/bench", "t1", "", "0".repeat(64)),
              List.of("https://example.org/leak"),
              Optional.empty()));
      List<HubEvent> raised = test.storage().hubEvents().derive(lastEvent(test.storage()));
      prs.resolveFlag(MODEL, new PrNumber(2), "alice", FlagStatus.UPHELD, "confirmed");
      List<HubEvent> resolved = test.storage().hubEvents().derive(lastEvent(test.storage()));

      assertThat(raised).extracting(HubEvent::kind).containsExactly(HubEvent.Kind.FLAG_RAISED);
      HubEvent.Discussion flag = raised.get(0).discussion().orElseThrow();
      assertThat(flag.number()).as("numbered as discussions are").isEqualTo(2);
      assertThat(flag.recordKind()).isEqualTo("flag");
      assertThat(flag.status()).isEqualTo("open");
      assertThat(resolved)
          .extracting(HubEvent::kind)
          .containsExactly(HubEvent.Kind.COMMENT_ADDED, HubEvent.Kind.FLAG_RESOLVED);
      assertThat(resolved.get(1).discussion().orElseThrow().status()).isEqualTo("upheld");
    }
  }

  @Test
  void aWebhookRecordKeepsItsSecretAndStaysAfterDeletion() {
    try (TestStorage test = TestStorage.open(temp).users("alice")) {
      Instant now = Instant.parse("2026-11-30T12:00:00Z");
      Webhook webhook =
          new Webhook(
              "0123456789abcdef01234567",
              "alice",
              "https://example.com/h",
              List.of(new Watch("user", "alice")),
              Set.of("repo"),
              Optional.of("s"),
              false,
              false,
              now,
              now);
      WebhookRecords records = test.storage().webhooks();
      records.create(webhook);
      records.update(webhook.id(), w -> w.asDeleted(now.plusSeconds(1)), "Delete");

      assertThat(records.get(webhook.id()).orElseThrow().deleted()).isTrue();
      assertThat(records.get(webhook.id()).orElseThrow().secret()).contains("s");
      assertThat(records.list()).hasSize(1);
    }
  }

  private static RefEvent lastEvent(Storage storage) {
    List<RefEvent> all = storage.events().readAfter(0);
    return all.get(all.size() - 1);
  }
}
