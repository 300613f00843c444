package dev.evalhub.formats.internal;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.Methodology;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultEntry.DatasetRef;
import dev.evalhub.formats.model.ResultEntry.Details;
import dev.evalhub.formats.model.ResultEntry.Source;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code .eval_results/*.yaml} document: a list of result entries (a single mapping is read
 * as a list of one, with a warning). Every entry is checked in full, so one read reports every
 * problem. Single use.
 */
public final class ResultsReader {

  static final List<String> DETAILS_FORMATS =
      List.of(
          "inspect-eval",
          "inspect-json",
          "lm-eval-samples",
          "eee-jsonl",
          "lighteval-parquet",
          "helm-per-instance");

  private Problems problems;

  public Validated<ResultsFile> read(YamlNode root, List<Diagnostic> earlier) {
    problems = new Problems(earlier);
    List<ResultEntry> entries = new ArrayList<>();
    if (root instanceof Sequence list) {
      if (list.items().isEmpty()) {
        problems.warning(root, YamlPath.ROOT, "the file holds no results");
      }
      for (int i = 0; i < list.items().size(); i++) {
        entry(list.items().get(i), YamlPath.ROOT.index(i)).ifPresent(entries::add);
      }
    } else if (root instanceof Mapping) {
      problems.warning(
          root, YamlPath.ROOT, "a results file should be a list of entries; read as a list of one");
      entry(root, YamlPath.ROOT).ifPresent(entries::add);
    } else {
      problems.error(
          root,
          YamlPath.ROOT,
          "a results file must be a list of result entries, found " + Fields.describe(root));
    }
    return Validated.of(new ResultsFile(entries), problems.all());
  }

  private Optional<ResultEntry> entry(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "a result entry");
    if (maybeFields.isEmpty()) {
      return Optional.empty();
    }
    Fields fields = maybeFields.get();
    DatasetRef dataset =
        fields.required("dataset").map(n -> dataset(n, fields.path("dataset"))).orElse(null);
    Double value = fields.requiredNumber("value");
    String verifyToken = fields.nonEmptyString("verifyToken", false);
    String date = date(fields);
    Source source =
        fields.node("source").map(n -> source(n, fields.path("source"), problems)).orElse(null);
    String notes = fields.optionalString("notes");
    Double stderr = nonNegative(fields, "stderr");
    Long numSamples = fields.optionalInteger("num_samples", 1);
    Methodology methodology =
        fields
            .node("methodology")
            .flatMap(n -> new MethodologyReader(problems).read(n, fields.path("methodology")))
            .orElse(null);
    Details details =
        fields.node("details").map(n -> details(n, fields.path("details"))).orElse(null);
    Map<String, Object> extra = fields.unreadAsPlain();
    fields.reportUnknownKeys(false, "");
    if (dataset == null || value == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ResultEntry(
            dataset,
            value,
            verifyToken,
            date,
            source,
            notes,
            stderr,
            numSamples,
            methodology,
            details,
            extra));
  }

  private DatasetRef dataset(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "dataset");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    String id = fields.nonEmptyString("id", true);
    if (id != null && !FieldRules.isRepoId(id)) {
      problems.error(
          fields.node("id").orElseThrow(),
          fields.path("id"),
          "dataset.id must be a dataset repository id \"namespace/name\", found \"" + id + "\"");
      id = null;
    }
    String taskId = fields.nonEmptyString("task_id", true);
    String revision = fields.nonEmptyString("revision", false);
    fields.reportUnknownKeys(false, "");
    return id == null || taskId == null ? null : new DatasetRef(id, taskId, revision);
  }

  private String date(Fields fields) {
    String date = fields.optionalString("date");
    if (date != null && !FieldRules.isIsoDateOrDateTime(date)) {
      problems.error(
          fields.node("date").orElseThrow(),
          fields.path("date"),
          "date must be an ISO-8601 date or date-time such as 2025-01-15, found \"" + date + "\"");
      return null;
    }
    return date;
  }

  /** A {@code source} block; shared with the model card's {@code source}. */
  static Source source(YamlNode node, YamlPath path, Problems problems) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "source");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    String url = fields.nonEmptyString("url", true);
    if (url != null && !FieldRules.isHttpUrl(url)) {
      problems.error(
          fields.node("url").orElseThrow(),
          fields.path("url"),
          "source.url must be an http or https URL, found \"" + url + "\"");
      url = null;
    }
    String name = fields.optionalString("name");
    String user = fields.optionalString("user");
    String org = fields.optionalString("org");
    fields.reportUnknownKeys(false, "");
    return url == null ? null : new Source(url, name, user, org);
  }

  private Double nonNegative(Fields fields, String key) {
    Double value = fields.optionalNumber(key);
    if (value != null && value < 0) {
      problems.error(
          fields.node(key).orElseThrow(), fields.path(key), key + " must be >= 0, found " + value);
      return null;
    }
    return value;
  }

  private Details details(YamlNode node, YamlPath path) {
    Optional<Fields> maybeFields = Fields.of(node, path, problems, "details");
    if (maybeFields.isEmpty()) {
      return null;
    }
    Fields fields = maybeFields.get();
    String url = fields.nonEmptyString("url", false);
    String file = fields.nonEmptyString("path", false);
    if (url != null && !FieldRules.isHttpUrl(url)) {
      problems.error(
          fields.node("url").orElseThrow(),
          fields.path("url"),
          "details.url must be an http or https URL, found \"" + url + "\"");
    }
    if (file != null && !FieldRules.isRepositoryPath(file)) {
      problems.error(
          fields.node("path").orElseThrow(),
          fields.path("path"),
          "details.path must be a relative path inside the repository, found \"" + file + "\"");
    }
    if (url == null && file == null && !fields.has("url") && !fields.has("path")) {
      problems.error(node, path, "details needs a \"url\" or a \"path\"");
    } else if (fields.has("url") && fields.has("path")) {
      problems.error(node, path, "details takes a \"url\" or a \"path\", not both");
    }
    String sha256 = fields.optionalString("sha256");
    if (sha256 != null && !FieldRules.isSha256(sha256)) {
      problems.error(
          fields.node("sha256").orElseThrow(),
          fields.path("sha256"),
          "details.sha256 must be 64 hexadecimal digits, found \"" + sha256 + "\"");
    }
    String format = fields.optionalString("format");
    if (format != null && !DETAILS_FORMATS.contains(format)) {
      problems.error(
          fields.node("format").orElseThrow(),
          fields.path("format"),
          "details.format must be one of "
              + String.join(", ", DETAILS_FORMATS)
              + ", found \""
              + format
              + "\"");
    }
    fields.reportUnknownKeys(false, "");
    return new Details(url, file, sha256, format);
  }
}
