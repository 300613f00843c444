package dev.evalhub.verification;

import dev.evalhub.formats.Diagnostic;
import dev.evalhub.formats.EvalFormats;
import dev.evalhub.formats.Validated;
import dev.evalhub.formats.model.ResultEntry;
import dev.evalhub.formats.model.ResultsFile;
import dev.evalhub.formats.yaml.YamlNode;
import dev.evalhub.formats.yaml.YamlNode.Mapping;
import dev.evalhub.formats.yaml.YamlNode.Sequence;
import dev.evalhub.formats.yaml.YamlPath;
import dev.evalhub.formats.yaml.YamlReader;
import dev.evalhub.verification.internal.SourceLines;
import dev.evalhub.verification.internal.SourceLines.Edit;
import dev.evalhub.verification.internal.TokenPlacement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signs every entry of a {@code .eval_results} file in place: each entry gets a {@code verifyToken}
 * for the model repository that will hold the file, replacing any token it had, and every other
 * byte of the file (comments, key order, quoting, line endings) stays as it was. Thread-safe.
 *
 * <p>An invalid file is refused with its diagnostics, and so is a file with an entry in flow style
 * ({@code - {...}}): such entries are not rewritten (see {@link TokenPlacement}).
 */
public final class ResultsFileSigner {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final TokenSigner signer;
  private final EvalFormats formats;

  public ResultsFileSigner(TokenSigner signer, EvalFormats formats) {
    this.signer = signer;
    this.formats = formats;
  }

  public ResultsFileSigner(TokenSigner signer) {
    this(signer, EvalFormats.standard());
  }

  /**
   * The text of {@code text} with a fresh token in every entry, for the model repository {@code
   * repoId}; or no value and the diagnostics that prevent signing (the file's own errors, or
   * entries that cannot be edited).
   */
  public Validated<String> sign(String text, String repoId) {
    return sign(text, repoId, java.util.function.UnaryOperator.identity());
  }

  /**
   * Like {@link #sign(String, String)}, each entry's claims changed by {@code adjust} before
   * signing (the hub's runner adds the job's id and the revisions it evaluated).
   */
  public Validated<String> sign(
      String text, String repoId, java.util.function.UnaryOperator<TokenClaims> adjust) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Validated<ResultsFile> results = formats.readResults(bytes);
    if (!results.isValid()) {
      return Validated.failed(results.diagnostics());
    }
    YamlNode root = new YamlReader(formats.options().limits()).read(bytes).root().orElseThrow();
    List<YamlNode> nodes = root instanceof Sequence list ? list.items() : List.of(root);
    List<ResultEntry> entries = results.value().orElseThrow().entries();
    // The reader skips a byte order mark, so positions count from after it.
    boolean bom = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK;
    SourceLines lines = new SourceLines(bom ? text.substring(1) : text);
    List<Diagnostic> problems = new ArrayList<>(results.diagnostics());
    List<Edit> edits = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String token = signer.sign(repoId, entries.get(i), adjust);
      tokens.add(token);
      YamlPath path = root instanceof Sequence ? YamlPath.ROOT.index(i) : YamlPath.ROOT;
      TokenPlacement.plan((Mapping) nodes.get(i), path, token, lines, problems)
          .ifPresent(edits::add);
    }
    if (problems.stream().anyMatch(Diagnostic::isError)) {
      return Validated.failed(problems);
    }
    lines.apply(edits);
    String signed = (bom ? String.valueOf(BYTE_ORDER_MARK) : "") + lines.text();
    requireOnlyTokensChanged(signed, entries, tokens);
    return Validated.of(signed, results.diagnostics());
  }

  /**
   * The edits are computed from positions; reading the result back proves that each token landed in
   * its entry and that nothing else any entry says has changed.
   */
  private void requireOnlyTokensChanged(
      String signed, List<ResultEntry> entries, List<String> tokens) {
    List<ResultEntry> expected = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ResultEntry entry = entries.get(i);
      expected.add(
          new ResultEntry(
              entry.dataset(),
              entry.value(),
              tokens.get(i),
              entry.date(),
              entry.source(),
              entry.notes(),
              entry.stderr(),
              entry.numSamples(),
              entry.methodology(),
              entry.details(),
              entry.extraKeys()));
    }
    Optional<ResultsFile> reread =
        formats.readResults(signed.getBytes(StandardCharsets.UTF_8)).value();
    if (!reread.map(ResultsFile::entries).equals(Optional.of(expected))) {
      throw new IllegalStateException(
          "signing changed more than the tokens of the file; this is a bug in"
              + " evalhub, please report it with the file");
    }
  }
}
