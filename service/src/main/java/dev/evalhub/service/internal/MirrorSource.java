package dev.evalhub.service.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evalhub.domain.HubException;
import dev.evalhub.domain.RepoId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a mirror reads of its source over HTTP, the Hugging Face API's way (which evalhub serves
 * too): a repository's info ({@code GET /api/{models|datasets}/NS/NAME}: its {@code sha} and the
 * names of its {@code siblings}), whether it serves git over smart HTTP, and a file at a revision
 * ({@code /resolve/REV/PATH}). Every request has a connect and a whole-request time limit, follows
 * no redirect, and a download stops past its byte limit. Problems are {@link HubException}s whose
 * messages name the source and the answer. Thread-safe.
 */
public final class MirrorSource {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A repository's revision at the source and the paths of its files there. */
  public record Listing(String revision, List<String> files) {
    public Listing {
      files = List.copyOf(files);
    }
  }

  private final HttpClient http;
  private final Duration requestTimeout;

  /** A reader waiting at most {@code connectTimeout} to connect and {@code requestTimeout} each. */
  public MirrorSource(Duration connectTimeout, Duration requestTimeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /**
   * The info of {@code repo} at {@code source}.
   *
   * @throws HubException NOT_FOUND when the source does not serve it (401, 403, 404: the Hub
   *     answers 401 for a repository it does not show), INVALID when it cannot be reached or
   *     answers otherwise
   */
  public Listing info(String source, RepoId repo) {
    String url = source + "/api/" + repo.type().plural() + "/" + repo.fullName();
    HttpResponse<InputStream> response = get(url);
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 401 || status == 403 || status == 404) {
        throw HubException.notFound(
            repo.urlPath() + " not found at " + source + " (HTTP " + status + ")");
      }
      if (status != 200) {
        throw HubException.invalid(source + " answered HTTP " + status + " for " + repo.urlPath());
      }
      JsonNode json = JSON.readTree(limited(body, 16L << 20, url));
      String sha = json.path("sha").asText("");
      if (!sha.matches("[0-9a-f]{40}")) {
        throw HubException.invalid(
            source + " sent no revision (sha) for " + repo.urlPath() + ": not a Hugging Face API");
      }
      List<String> files = new ArrayList<>();
      for (JsonNode sibling : json.path("siblings")) {
        files.add(sibling.path("rfilename").asText());
      }
      return new Listing(sha, files);
    } catch (IOException e) {
      throw HubException.invalid("cannot read " + url + ": " + e.getMessage());
    }
  }

  /**
   * Whether {@code source} serves {@code repo} over git's smart HTTP ({@code
   * info/refs?service=git-upload-pack} answers git's advertisement).
   */
  public boolean servesGit(String source, RepoId repo) {
    String url = gitUrl(source, repo) + "/info/refs?service=git-upload-pack";
    try {
      HttpResponse<InputStream> response = get(url);
      try (InputStream body = response.body()) {
        body.readNBytes(4096);
        return response.statusCode() == 200
            && response
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/x-git-upload-pack-advertisement");
      }
    } catch (HubException | IOException e) {
      return false;
    }
  }

  /** The git URL of {@code repo} at {@code source} ({@code SOURCE/[datasets/]NS/NAME.git}). */
  public static String gitUrl(String source, RepoId repo) {
    return source + "/" + repo.urlPath() + ".git";
  }

  /**
   * The bytes of {@code path} in {@code repo} at {@code revision}, at most {@code maxBytes}.
   *
   * @throws HubException INVALID when it cannot be read, is missing or is larger
   */
  public byte[] download(String source, RepoId repo, String revision, String path, long maxBytes) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (encoded.length() > 0) {
        encoded.append('/');
      }
      encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    String url = source + "/" + repo.urlPath() + "/resolve/" + revision + "/" + encoded;
    HttpResponse<InputStream> response = get(url);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw HubException.invalid(
            source
                + " answered HTTP "
                + response.statusCode()
                + " for "
                + repo.urlPath()
                + "/"
                + path);
      }
      return limited(body, maxBytes, repo.urlPath() + "/" + path);
    } catch (IOException e) {
      throw HubException.invalid("cannot read " + url + ": " + e.getMessage());
    }
  }

  private HttpResponse<InputStream> get(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw HubException.invalid("not a URL: " + url);
    }
    try {
      return http.send(
          HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw HubException.invalid(
          "cannot reach "
              + uri.getScheme()
              + "://"
              + uri.getRawAuthority()
              + ": "
              + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HubException.invalid("interrupted while reading " + url);
    }
  }

  private static byte[] limited(InputStream body, long maxBytes, String what) throws IOException {
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw HubException.invalid(what + " is larger than " + maxBytes + " bytes");
    }
    return bytes;
  }
}
