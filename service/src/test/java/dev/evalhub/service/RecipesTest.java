package dev.evalhub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's recipe file: read into recipes, or refused with every problem at its place. */
class RecipesTest {

  private static Recipes parse(String text) {
    return Recipes.parse("recipes.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRecipeIsReadWithItsLimitsAndDefaults() {
    Recipes recipes =
        parse(
            """
            recipes:
              - id: tiny
                benchmark: acme/tiny
                framework: lm-evaluation-harness
                command: python3 eval.py --tasks {task} --out {output_dir}
                timeout: 30m
                memory: 1073741824
              - id: other
                benchmark: acme/other
                framework: inspect-ai
                command: [inspect, eval, "{benchmark_path}/task.py", --log-dir, "{output_dir}"]
                timeout: 90
                output_limit: 1000
                concurrency: 2
            """);

    Recipe tiny =
        recipes
            .find(RepoId.parsePath("datasets/ACME/tiny").orElseThrow(), "lm-evaluation-harness")
            .orElseThrow();
    assertThat(tiny.command())
        .containsExactly("python3", "eval.py", "--tasks", "{task}", "--out", "{output_dir}");
    assertThat(tiny.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(tiny.memoryBytes()).isEqualTo(1L << 30);
    assertThat(tiny.outputLimitBytes()).isEqualTo(1L << 30);
    assertThat(tiny.concurrency()).isEqualTo(1);
    Recipe other = recipes.byId("other").orElseThrow();
    assertThat(other.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(other.outputLimitBytes()).isEqualTo(1000);
    assertThat(other.concurrency()).isEqualTo(2);
    assertThat(recipes.find(tiny.benchmark(), "inspect-ai")).isEmpty();
  }

  @Test
  void placeholdersAreReplacedInsideOneArgumentEach() {
    Recipe recipe =
        parse(
                """
                recipes:
                  - id: t
                    benchmark: acme/tiny
                    framework: lm-evaluation-harness
                    command: [lm_eval, --model_args, "pretrained={model_path},revision={model_revision}", --output_path, "{output_dir}"]
                    timeout: 1h
                """)
            .byId("t")
            .orElseThrow();

    assertThat(
            recipe.argv(
                Map.of(
                    "model_path", "/scratch/a b/model",
                    "model_revision", "abc",
                    "output_dir", "/scratch/out; rm -rf /")))
        .containsExactly(
            "lm_eval",
            "--model_args",
            "pretrained=/scratch/a b/model,revision=abc",
            "--output_path",
            "/scratch/out; rm -rf /");
  }

  @Test
  void aBadFileIsRefusedWithEveryProblemAtItsLineAndColumn() {
    String text =
        """
        recipes:
          - id: bad
            benchmark: not-a-dataset
            framework: lm-evaluation-harness
            command: run {model} --out /tmp
            timeout: soon
            memory: -1
            colour: blue
          - id: nocommand
            benchmark: acme/x
            framework: lm-evaluation-harness
            timeout: 1h
        """;

    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("recipes.yaml:3:16: benchmark must be a dataset repository")
        .hasMessageContaining("recipes.yaml:5:14: unknown placeholder {model}")
        .hasMessageContaining("recipes.yaml:5:14: the command must name {output_dir}")
        .hasMessageContaining("recipes.yaml:6:14: timeout must be a positive number of seconds")
        .hasMessageContaining("recipes.yaml:7:13: memory must be a whole number, 0 or more")
        .hasMessageContaining("recipes.yaml:8:5: unknown key \"colour\"")
        .hasMessageContaining("recipes.yaml:9:5: the recipe has no \"command\"");
  }

  @Test
  void twoRecipesForOneBenchmarkAndFrameworkAreRefused() {
    String one =
        """
          - id: %s
            benchmark: acme/tiny
            framework: lm-evaluation-harness
            command: [run, "{output_dir}"]
            timeout: 1h
        """;
    assertThatThrownBy(() -> parse("recipes:\n" + one.formatted("a") + one.formatted("b")))
        .hasMessageContaining(
            "recipes.yaml:7:5: a second recipe for acme/tiny with lm-evaluation-harness");
  }

  @Test
  void aFileWithoutARecipeListIsRefused() {
    assertThatThrownBy(() -> parse("jobs: []\n"))
        .hasMessage("recipes.yaml:1:1: the file must be a mapping with a list \"recipes\"");
    assertThat(parse("recipes: []\n").all()).isEqualTo(List.of());
  }
}
