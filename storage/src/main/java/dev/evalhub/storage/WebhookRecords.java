package dev.evalhub.storage;

import dev.evalhub.domain.webhook.Watch;
import dev.evalhub.domain.webhook.Webhook;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Config;

/**
 * Webhook records in {@code admin.git} (which the hub never serves), a {@link ConfigRecordStore}:
 * one ref per webhook, {@link RefNames#webhookRecord refs/meta/webhooks/<id>}, whose commits each
 * hold the whole setting as the git-config file {@code webhook.config} (its secret included); every
 * change (created, updated, enabled, disabled, deleted) is one commit by the owner at the webhook's
 * update time. A deleted webhook keeps its record, marked deleted. Thread-safe.
 */
public final class WebhookRecords extends ConfigRecordStore<String, Webhook> {

  /** The file each record commit holds. */
  public static final String FILE = "webhook.config";

  WebhookRecords(Path adminGitDir) {
    super(adminGitDir, new Codec());
  }

  private static final class Codec extends ConfigRecordCodec<String, Webhook> {

    private static final String SECTION = "webhook";

    Codec() {
      super(
          SECTION,
          FILE,
          RefNames.WEBHOOK_RECORDS,
          text -> Optional.of(text).filter(Webhook::isId),
          id -> id,
          Webhook::id,
          Webhook::created);
    }

    @Override
    String author(Webhook webhook) {
      return webhook.owner();
    }

    @Override
    Instant time(Webhook webhook) {
      return webhook.updated();
    }

    @Override
    String createMessage(Webhook webhook) {
      return "Create webhook " + webhook.id() + " to " + webhook.url();
    }

    @Override
    void write(Webhook webhook, Config config) {
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
    }

    @Override
    Webhook read(Config config) {
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
    }
  }
}
