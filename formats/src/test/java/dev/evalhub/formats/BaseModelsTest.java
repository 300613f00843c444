package dev.evalhub.formats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalhub.formats.model.BaseModelRelation;
import dev.evalhub.formats.model.BaseModels;
import dev.evalhub.formats.model.ModelCard;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model card's {@code base_model} and {@code base_model_relation}, as the Hub's model card
 * conventions give them: a string or a list, one of four relations; anything else a warning, never
 * an error.
 */
class BaseModelsTest {

  private final EvalFormats formats = EvalFormats.standard();

  private static byte[] card(String frontMatter) {
    return ("---\n" + frontMatter + "---\n# card\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSingleBaseModelWithoutARelationIsUnknown() {
    BaseModels read = formats.readLineage(card("base_model: meta-llama/Llama-3.1-8B\n"));

    assertThat(read)
        .isEqualTo(new BaseModels(List.of("meta-llama/Llama-3.1-8B"), BaseModelRelation.UNKNOWN));
    assertThat(formats.readModelCard(card("base_model: meta-llama/Llama-3.1-8B\n")).diagnostics())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"adapter", "merge", "quantized", "finetune"})
  void eachOfTheHubsRelationsIsRead(String relation) {
    byte[] readme = card("base_model:\n- a/one\n- b/two\nbase_model_relation: " + relation + "\n");

    BaseModels read = formats.readLineage(readme);

    assertThat(read.ids()).containsExactly("a/one", "b/two");
    assertThat(read.relation().id()).isEqualTo(relation);
    assertThat(formats.readModelCard(readme).diagnostics()).isEmpty();
  }

  @Test
  void anUnknownRelationIsAWarningAndReadsAsUnknown() {
    byte[] readme = card("base_model: a/one\nbase_model_relation: distilled\n");

    Validated<ModelCard> checked = formats.readModelCard(readme);

    assertThat(formats.readLineage(readme).relation()).isEqualTo(BaseModelRelation.UNKNOWN);
    assertThat(checked.isValid()).isTrue();
    assertThat(checked.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.path()).isEqualTo("base_model_relation");
              assertThat(w.line()).isEqualTo(3);
              assertThat(w.message())
                  .isEqualTo(
                      "base_model_relation must be one of adapter, merge, quantized, finetune,"
                          + " found string \"distilled\"; the relation is shown as unknown");
            });
  }

  @Test
  void aRelationIsCaseSensitiveAsOnTheHub() {
    byte[] readme = card("base_model: a/one\nbase_model_relation: Merge\n");

    assertThat(formats.readLineage(readme).relation()).isEqualTo(BaseModelRelation.UNKNOWN);
    assertThat(formats.readModelCard(readme).warnings()).hasSize(1);
  }

  @Test
  void itemsThatAreNotModelIdsAreIgnoredWithAWarningEach() {
    byte[] readme = card("base_model:\n- a/one\n- 3\n- {id: x/y}\n- ''\n- A/One\n- b/two\n");

    Validated<ModelCard> checked = formats.readModelCard(readme);

    assertThat(formats.readLineage(readme).ids()).containsExactly("a/one", "b/two");
    assertThat(checked.isValid()).isTrue();
    assertThat(checked.warnings())
        .extracting(Diagnostic::path)
        .containsExactly("base_model[1]", "base_model[2]", "base_model[3]");
    assertThat(checked.warnings().get(0).message())
        .isEqualTo(
            "base_model must be a model id (a string) or a list of model ids, found number 3;"
                + " it is ignored");
  }

  @Test
  void aMappingOrABooleanIsNoBaseModel() {
    assertThat(formats.readLineage(card("base_model:\n  id: a/one\n")).ids()).isEmpty();
    assertThat(formats.readBaseModels(card("base_model: true\n"))).isEmpty();
    assertThat(formats.readModelCard(card("base_model: true\n")).warnings())
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("found boolean true"));
  }

  @Test
  void aCardWithoutFrontMatterHasNoLineage() {
    assertThat(formats.readLineage("# just text\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(BaseModels.NONE);
    assertThat(formats.readLineage(card("base_model: null\nbase_model_relation: null\n")))
        .isEqualTo(BaseModels.NONE);
  }
}
